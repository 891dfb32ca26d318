package content

// The publisher and the licence of site.yaml: who publishes the site (per
// language, shown in the header, footer and structured data) and under
// which licence its texts and open data are.

import (
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

const (
	publisherHint = "write it as publisher: {name: Valtiovarainministeriö, url: https://vm.fi/, logo: publisher.svg} (url and logo may be left out)"
	licenceHint   = "write it as licence: {name: CC BY 4.0, url: https://creativecommons.org/licenses/by/4.0/}"
)

// publisher reads a language's publisher: a mapping with a name, and
// optionally the organisation's address and a logo in assets/. It returns
// nil, with a problem, when it cannot be used; null is no publisher.
func (p *configParser) publisher(v *yaml.Node) *Publisher {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	var pub Publisher
	var urlNode, logoNode *yaml.Node
	ok := p.alone(func() {
		seen := p.fields(v, "the publisher", map[string]func(*yaml.Node){
			"name": func(v *yaml.Node) { pub.Name = p.str(v, "the publisher's name") },
			"url":  func(v *yaml.Node) { urlNode, pub.URL = v, p.str(v, "the publisher's url") },
			"logo": func(v *yaml.Node) { logoNode, pub.Logo = v, p.str(v, "the publisher's logo") },
		})
		if deref(v).Kind != yaml.MappingNode {
			return
		}
		if strings.TrimSpace(pub.Name) == "" {
			p.err(keyOr(seen, "name", v), publisherHint, "the publisher has no name")
		}
		if urlNode != nil && pub.URL != "" && !validURL(pub.URL) {
			p.err(urlNode, "write the organisation's address with https://, e.g. https://vm.fi/", "the publisher's url %q is not a web address", pub.URL)
		}
		if logoNode != nil && pub.Logo != "" && !assetNameRE.MatchString(pub.Logo) {
			p.err(logoNode, "put the logo in assets/ and write its file name, e.g. logo: publisher.svg", "the publisher's logo %q is not a file name in assets/", pub.Logo)
		}
	})
	if !ok {
		return nil
	}
	return &pub
}

// licence reads the site's licence: a name and the address of its text,
// both required, since a licence readers cannot look up is no licence.
func (p *configParser) licence(v *yaml.Node) *Licence {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	var lic Licence
	var urlNode *yaml.Node
	ok := p.alone(func() {
		seen := p.fields(v, "the licence", map[string]func(*yaml.Node){
			"name": func(v *yaml.Node) { lic.Name = p.str(v, "the licence's name") },
			"url":  func(v *yaml.Node) { urlNode, lic.URL = v, p.str(v, "the licence's url") },
		})
		if deref(v).Kind != yaml.MappingNode {
			return
		}
		if strings.TrimSpace(lic.Name) == "" {
			p.err(keyOr(seen, "name", v), licenceHint, "the licence has no name")
		}
		switch {
		case urlNode == nil || lic.URL == "":
			p.err(keyOr(seen, "url", v), licenceHint, "the licence has no url")
		case !validURL(lic.URL):
			p.err(urlNode, licenceHint, "the licence's url %q is not a web address", lic.URL)
		}
	})
	if !ok {
		return nil
	}
	return &lic
}

// alone runs read and reports whether it found no problem, whatever was
// found before it: a part of site.yaml with a mistake is left out, the
// rest is still read.
func (p *configParser) alone(read func()) bool {
	before := p.failed
	p.failed = false
	read()
	ok := !p.failed
	p.failed = before || !ok
	return ok
}

// keyOr is where a problem with a field goes: its key when it was
// written, else the mapping that lacks it.
func keyOr(seen map[string]*yaml.Node, name string, mapping *yaml.Node) *yaml.Node {
	if k := seen[name]; k != nil {
		return k
	}
	return mapping
}

// assetNameRE is a file directly in assets/: no folders, nothing hidden,
// an image type a browser shows in <img>.
var assetNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*\.(svg|png|webp|jpg|jpeg)$`)

package build

import (
	"cmp"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kokeilu/kokeilu/internal/content"
)

var (
	ldScript = regexp.MustCompile(`(?s)<script type="?application/ld\+json"?>(.*?)</script>`)
	ogMeta   = regexp.MustCompile(`<meta property="?(og:[a-z:_]+)"? content="?([^">]*)"?>`)
)

// TestStructuredData builds the sample site and reads every page's JSON-LD
// and Open Graph tags: valid JSON with schema.org types and the properties
// each type needs, an Article on every experiment's page and an Event on
// every campaign week's, breadcrumbs below each language's home page, and
// sharing tags in the page's language.
func TestStructuredData(t *testing.T) {
	out, set := buildSample(t)
	want := map[string]string{} // page file → the node type it must hold
	for _, d := range set.Docs {
		if d.Meta.Draft || d.Kind != content.Experiment && d.Kind != content.Campaign {
			continue
		}
		for _, l := range set.Config.Languages {
			if l.Code != d.Lang {
				continue
			}
			sec, typ := l.Sections.Experiments, "Article"
			if d.Kind == content.Campaign {
				sec, typ = l.Sections.Campaigns, "Event"
			}
			want[filepath.Join(d.Lang, sec, cmp.Or(d.Meta.Slug, d.Slug), "index.html")] = typ // the translation's address
		}
	}
	pages := 0
	err := filepath.WalkDir(out, func(p string, de os.DirEntry, err error) error {
		if err != nil || de.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		if rel == "index.html" {
			return nil // the language choice: both languages at once, a page of links
		}
		html := string(data)
		if strings.Contains(html, `name=robots content=noindex`) || strings.Contains(html, `name="robots" content="noindex"`) {
			return nil
		}
		pages++
		m := ldScript.FindStringSubmatch(html)
		if m == nil {
			t.Errorf("%s: no JSON-LD", rel)
			return nil
		}
		var doc struct {
			Context string           `json:"@context"`
			Graph   []map[string]any `json:"@graph"`
		}
		if err := json.Unmarshal([]byte(m[1]), &doc); err != nil {
			t.Errorf("%s: JSON-LD does not parse: %v", rel, err)
			return nil
		}
		if doc.Context != "https://schema.org" {
			t.Errorf("%s: @context %q", rel, doc.Context)
		}
		types := map[string]map[string]any{}
		for _, n := range doc.Graph {
			typ, _ := n["@type"].(string)
			types[typ] = n
		}
		need := map[string][]string{
			"GovernmentOrganization": {"name", "url"},
			"BreadcrumbList":         {"itemListElement"},
			"Article":                {"headline", "datePublished", "dateModified", "author", "publisher", "url", "inLanguage"},
			"Event":                  {"name", "startDate", "endDate", "location", "url"},
		}
		for typ, node := range types {
			props, known := need[typ]
			if !known {
				t.Errorf("%s: unexpected @type %q", rel, typ)
			}
			for _, prop := range props {
				if v, ok := node[prop]; !ok || v == "" {
					t.Errorf("%s: %s has no %s", rel, typ, prop)
				}
			}
		}
		if types["GovernmentOrganization"] == nil {
			t.Errorf("%s: no publisher", rel)
		}
		lang := strings.Split(filepath.ToSlash(rel), "/")[0]
		isHome := filepath.ToSlash(rel) == lang+"/index.html" || rel == "index.html"
		if bc := types["BreadcrumbList"]; bc == nil && !isHome {
			t.Errorf("%s: no breadcrumbs", rel)
		} else if bc != nil {
			items, _ := bc["itemListElement"].([]any)
			for i, it := range items {
				item, _ := it.(map[string]any)
				if pos, _ := item["position"].(float64); int(pos) != i+1 || item["name"] == "" ||
					!strings.HasPrefix(item["item"].(string), "https://kokeilu.example.fi/"+lang+"/") {
					t.Errorf("%s: breadcrumb %d is %v", rel, i, item)
				}
			}
		}
		if typ := want[rel]; typ != "" {
			node := types[typ]
			if node == nil {
				t.Errorf("%s: no %s", rel, typ)
			} else if node["inLanguage"] != lang {
				t.Errorf("%s: %s in %v", rel, typ, node["inLanguage"])
			}
			delete(want, rel)
		}
		og := map[string]string{}
		for _, m := range ogMeta.FindAllStringSubmatch(html, -1) {
			og[m[1]] = m[2]
		}
		for _, prop := range []string{"og:type", "og:title", "og:url", "og:image", "og:locale", "og:site_name"} {
			if og[prop] == "" {
				t.Errorf("%s: no %s", rel, prop)
			}
		}
		if rel != "index.html" && !strings.HasPrefix(og["og:locale"], lang+"_") {
			t.Errorf("%s: og:locale %q in a %s page", rel, og["og:locale"], lang)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for rel, typ := range want {
		t.Errorf("%s: the page with the %s was not found", rel, typ)
	}
	if pages < 100 {
		t.Errorf("%d pages checked, want the sample site's", pages)
	}
}

package content

import (
	"reflect"
	"strings"
	"testing"
)

// TestSchema pins each kind's fields as the frontmatter documentation and
// the sample content know them: name, type, what is required, and their
// order (that of the open-data columns). A field added later is left out
// of the comparison, so that adding one touches only its declaration.
func TestSchema(t *testing.T) {
	want := map[Kind]string{
		Experiment: "title! summary! date!:date updated:date status!:enum municipalities:list organisation role:enum " +
			"start:date end:date campaign:slug tags!:list contacts:list savings failday:bool lesson links:links draft:bool rawhtml:bool",
		Campaign: "title! summary updated:date start!:date end!:date contacts:list theme hashtag organisers:list " +
			"registration:url draft:bool rawhtml:bool",
		Contact: "name! title! organisation! email:email phone draft:bool rawhtml:bool",
		Tag:     "title! draft:bool rawhtml:bool",
		Page:    "title! slug:slug summary updated:date draft:bool rawhtml:bool",
	}
	types := map[FieldType]string{TextField: "", DateField: ":date", BoolField: ":bool", ListField: ":list",
		LinksField: ":links", URLField: ":url", EmailField: ":email", EnumField: ":enum", SlugField: ":slug"}
	for _, k := range Kinds {
		pinned := map[string]bool{}
		for _, w := range strings.Fields(want[k]) {
			pinned[strings.TrimRight(strings.Split(w, ":")[0], "!")] = true
		}
		var got []string
		for f := range SchemaOf(k).All() {
			if !pinned[f.Name] {
				continue
			}
			s := f.Name
			if f.Required {
				s += "!"
			}
			got = append(got, s+types[f.Type])
		}
		if g := strings.Join(got, " "); g != want[k] {
			t.Errorf("%s:\n got %s\nwant %s", k, g, want[k])
		}
	}
	var neutral []string
	for _, name := range strings.Fields("title summary date updated status municipalities organisation role " +
		"start end campaign tags contacts savings failday lesson links draft rawhtml") {
		if f, _ := SchemaOf(Experiment).Lookup(name); f.Neutral {
			neutral = append(neutral, f.Name)
		}
	}
	if g := strings.Join(neutral, " "); g != "date status municipalities role start end campaign tags contacts failday" {
		t.Errorf("neutral experiment fields: %s", g)
	}
	if f, _ := SchemaOf(Experiment).Lookup("status"); !reflect.DeepEqual(f.Enum, []string{"idea", "running", "completed"}) {
		t.Errorf("status values: %v", f.Enum)
	}
	if f, _ := SchemaOf(Experiment).Lookup("tags"); f.Ref != Tag {
		t.Errorf("tags refer to %q", f.Ref)
	}
}

// Each field's pointer must be the struct field its tag is on.
func TestFieldPtr(t *testing.T) {
	var m Meta
	f, _ := SchemaOf(Campaign).Lookup("registration")
	*f.Ptr(&m).(*string) = "https://example.fi"
	if m.Registration != "https://example.fi" {
		t.Errorf("registration went elsewhere: %+v", m)
	}
}

// A malformed declaration fails when the package loads, not on some input.
func TestSchemaTagsChecked(t *testing.T) {
	for _, v := range []any{
		struct {
			X int `kokeilu:"x" page:""`
		}{},
		struct {
			X bool `kokeilu:"x,enum=a|b" page:""`
		}{},
		struct {
			X string `kokeilu:"x,nonsense" page:""`
		}{},
		struct {
			X string `kokeilu:"x" page:"mandatory"`
		}{},
		struct {
			X string `kokeilu:"x,ref=robot" page:""`
		}{},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%T: no panic", v)
				}
			}()
			schemasOf(reflect.TypeOf(v))
		}()
	}
}

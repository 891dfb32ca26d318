package problem

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var dumpTexts = flag.Bool("dump", false, "print every English text the code gives problems, for writing catalogs")

// codeText is an English format or hint the code gives a problem, and
// where.
type codeText struct {
	text string
	at   string
}

// constructor is a function that makes a problem from a hint and a
// format: List.Errorf and the like, and the helpers that wrap them. The
// indexes are of its hint and format parameters.
type constructor struct{ hint, format int }

// constructorOf reports whether a function's parameters end in
// (…, hint, format string, args ...any), the shape of every problem
// constructor and of each helper that passes its texts on to one.
func constructorOf(ft *ast.FuncType) (constructor, bool) {
	var names []string
	for _, f := range ft.Params.List {
		for _, n := range f.Names {
			names = append(names, n.Name)
		}
	}
	n := len(names)
	if n < 3 || names[n-3] != "hint" || names[n-2] != "format" {
		return constructor{}, false
	}
	if _, ok := ft.Params.List[len(ft.Params.List)-1].Type.(*ast.Ellipsis); !ok {
		return constructor{}, false
	}
	return constructor{hint: n - 3, format: n - 2}, true
}

// codeTexts parses every non-test Go file of the repository and returns
// the formats and hints given to problem constructors: string literals,
// fmt.Sprintf formats, and literals joined with values (each value a %s).
func codeTexts(t *testing.T) []codeText {
	t.Helper()
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	// The List's own constructors are called from every package, by
	// method name; a helper is called by its name in its own package.
	byDir := map[string][]*ast.File{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		byDir[filepath.Dir(path)] = append(byDir[filepath.Dir(path)], f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	methods := map[string]constructor{} // problem.List's, by name
	for _, f := range byDir[filepath.Join(root, "internal", "problem")] {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil {
				if c, ok := constructorOf(fd.Type); ok {
					methods[fd.Name.Name] = c
				}
			}
		}
	}
	if len(methods) == 0 {
		t.Fatal("found no problem constructor (…, hint, format string, args ...any) in problem.go")
	}

	var out []codeText
	add := func(text string, pos token.Pos) {
		p := fset.Position(pos)
		rel, _ := filepath.Rel(root, p.Filename)
		out = append(out, codeText{text, fmt.Sprintf("%s:%d", filepath.ToSlash(rel), p.Line)})
	}
	for _, files := range byDir {
		helpers := map[string]constructor{} // this package's, by name
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncDecl:
					if c, ok := constructorOf(n.Type); ok {
						helpers[n.Name.Name] = c
					}
				case *ast.AssignStmt:
					for i, r := range n.Rhs {
						if fl, ok := r.(*ast.FuncLit); ok && i < len(n.Lhs) {
							if id, ok := n.Lhs[i].(*ast.Ident); ok {
								if c, ok := constructorOf(fl.Type); ok {
									helpers[id.Name] = c
								}
							}
						}
					}
				}
				return true
			})
		}
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					var c constructor
					var ok bool
					switch fn := n.Fun.(type) {
					case *ast.SelectorExpr:
						if x, isIdent := fn.X.(*ast.Ident); isIdent && x.Name == "fmt" {
							return true
						}
						c, ok = methods[fn.Sel.Name]
						if !ok {
							c, ok = helpers[fn.Sel.Name]
						}
					case *ast.Ident:
						c, ok = helpers[fn.Name]
					}
					if !ok || len(n.Args) <= c.format {
						return true
					}
					if s, ok := stringLit(n.Args[c.format]); ok {
						add(s, n.Args[c.format].Pos())
					}
					if s, ok := textOf(n.Args[c.hint]); ok {
						add(s, n.Args[c.hint].Pos())
					}
				case *ast.AssignStmt:
					// A text chosen before the call: hint := "…", e.msg = "…".
					for i, l := range n.Lhs {
						if textField(l) && i < len(n.Rhs) {
							if s, ok := textOf(n.Rhs[i]); ok {
								add(s, n.Rhs[i].Pos())
							}
						}
					}
				case *ast.ValueSpec:
					// A text kept in a variable or constant: var nestingHint = "…".
					for i, id := range n.Names {
						if textField(id) && i < len(n.Values) {
							if s, ok := textOf(n.Values[i]); ok {
								add(s, n.Values[i].Pos())
							}
						}
					}
				case *ast.CompositeLit:
					// A problem made directly, or the reason and hint of an
					// error that becomes one: Problem{Message: …, Hint: …}.
					for _, el := range n.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok && textField(kv.Key) {
							if s, ok := textOf(kv.Value); ok {
								add(s, kv.Value.Pos())
							}
						}
					}
				}
				return true
			})
		}
	}
	// Only texts with words: "%s" passes on a text made elsewhere.
	out = slices.DeleteFunc(out, func(c codeText) bool { return literalLen(c.text) == 0 })
	slices.SortFunc(out, func(a, b codeText) int { return strings.Compare(a.text+a.at, b.text+b.at) })
	return out
}

// textField reports whether an identifier or field names a problem's
// text as the code spells it, where it is made before the problem: hint,
// msg, or a name ending in Hint, Message or Reason.
func textField(e ast.Expr) bool {
	var name string
	switch e := e.(type) {
	case *ast.Ident:
		name = e.Name
	case *ast.SelectorExpr:
		name = e.Sel.Name
	}
	switch name {
	case "hint", "msg":
		return true
	}
	// Hint, rawHint, nestingMessage, Reason.
	return strings.HasSuffix(name, "Hint") || strings.HasSuffix(name, "Message") || strings.HasSuffix(name, "Reason")
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// textOf is the catalog key of a hint expression: a literal (its % as
// %%), the format of fmt.Sprintf, or literals joined with values, each
// value standing as %s. Anything else is made elsewhere and not counted.
func textOf(e ast.Expr) (string, bool) {
	if s, ok := stringLit(e); ok {
		return strings.ReplaceAll(s, "%", "%%"), true
	}
	switch e := e.(type) {
	case *ast.CallExpr:
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sprintf" && len(e.Args) > 0 {
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == "fmt" {
				return stringLit(e.Args[0])
			}
		}
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		var b strings.Builder
		var walk func(e ast.Expr) bool
		walk = func(e ast.Expr) bool {
			if be, ok := e.(*ast.BinaryExpr); ok && be.Op == token.ADD {
				return walk(be.X) && walk(be.Y)
			}
			if s, ok := stringLit(e); ok {
				b.WriteString(strings.ReplaceAll(s, "%", "%%"))
			} else {
				b.WriteString("%s")
			}
			return true
		}
		walk(e)
		return b.String(), strings.Contains(b.String(), " ")
	}
	return "", false
}

// TestCatalogsCoverTheCode fails on every English text of the code that a
// catalog lacks, and on every catalog entry the code no longer has: the
// code is the English catalog.
func TestCatalogsCoverTheCode(t *testing.T) {
	texts := codeTexts(t)
	if *dumpTexts {
		for _, c := range texts {
			fmt.Fprintf(os.Stdout, "%s\t%q\n", c.at, c.text)
		}
	}
	if len(texts) < 50 {
		t.Fatalf("found only %d texts in the code; the walk misses constructors", len(texts))
	}
	inCode := map[string]bool{}
	for _, c := range texts {
		inCode[c.text] = true
		if _, err := Verbs(c.text); err != nil {
			t.Errorf("%s: %v", c.at, err)
		}
	}
	for _, lang := range Languages {
		c := CatalogFor(lang)
		if c == nil {
			_, err := loadCatalogs()
			t.Fatalf("no catalog for %s: %v", lang, err)
		}
		reported := map[string]bool{}
		for _, ct := range texts {
			if !c.Has(ct.text) && !reported[ct.text] {
				reported[ct.text] = true
				t.Errorf("%s: messages/%s.yaml has no translation of %q", ct.at, lang, ct.text)
			}
		}
		for _, f := range c.Formats("messages") {
			if !inCode[f] {
				t.Errorf("messages/%s.yaml: %q is no longer in the code; remove it (or move it to words:)", lang, f)
			}
		}
	}
	fi, sv := CatalogFor("fi").Formats("words"), CatalogFor("sv").Formats("words")
	if !slices.Equal(fi, sv) || len(fi) == 0 {
		t.Errorf("the words: sections differ:\nfi: %q\nsv: %q", fi, sv)
	}
}

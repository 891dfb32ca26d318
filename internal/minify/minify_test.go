package minify

import "testing"

func TestMinifyByType(t *testing.T) {
	m := New()
	tests := []struct{ name, in, want string }{
		{"a.html", "<!DOCTYPE html>\n<html lang=\"fi\">\n<head><title> T </title></head>\n<body>\n<p>  a  b </p>\n</body>\n</html>\n",
			`<!doctype html><html lang="fi"><head><title>T</title></head><body><p>a b</p></body></html>`},
		{"a.css", "a { color : red ; }", "a{color:red}"},
		{"a.json", "{ \"a\" : [ 1 , 2 ] }", `{"a":[1,2]}`},
		{"a.xml", "<a>\n  <b>x</b>\n</a>", "<a><b>x</b></a>"},
		{"a.txt", "  as is  ", "  as is  "},
		{"a.csv", "a, b\n", "a, b\n"},
	}
	for _, tt := range tests {
		got, err := m.Bytes(tt.name, []byte(tt.in))
		if err != nil || string(got) != tt.want {
			t.Errorf("%s: %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

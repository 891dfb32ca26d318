package tmplexec

import (
	"errors"
	"fmt"
	"reflect"
)

// builtin is one of text/template's predefined functions. It gets its
// argument operands unevaluated, so that and and or can stop early.
type builtin func(s *state, dot reflect.Value, args []*operand, final reflect.Value, hasFinal bool) (reflect.Value, error)

// builtins are the predefined functions handled here; a layout using any
// other (slice, call, html, js, urlquery) is not compiled.
var builtins map[string]builtin

func init() {
	builtins = map[string]builtin{
		"and":    andOr(false),
		"or":     andOr(true),
		"not":    not,
		"len":    length,
		"eq":     compare(eq),
		"ne":     compare(func(a, b reflect.Value) (bool, error) { t, err := eq(a, b); return !t, err }),
		"lt":     compare(lt),
		"le":     compare(le),
		"gt":     compare(func(a, b reflect.Value) (bool, error) { t, err := le(a, b); return !t, err }),
		"ge":     compare(func(a, b reflect.Value) (bool, error) { t, err := lt(a, b); return !t, err }),
		"index":  index,
		"print":  printFn(false),
		"printf": printFn(true),
	}
}

// values evaluates the arguments and the final one, in order.
func values(s *state, dot reflect.Value, args []*operand, final reflect.Value, hasFinal bool) ([]reflect.Value, error) {
	out := make([]reflect.Value, 0, len(args)+1)
	for _, a := range args {
		v, err := a.eval(s, dot)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if hasFinal {
		out = append(out, final)
	}
	return out, nil
}

func truth(v reflect.Value) bool {
	t, _ := isTrue(indirectInterface(v))
	return t
}

// andOr is and (or with or): the first argument that decides, else the last.
func andOr(or bool) builtin {
	return func(s *state, dot reflect.Value, args []*operand, final reflect.Value, hasFinal bool) (reflect.Value, error) {
		if len(args) == 0 && !hasFinal {
			return reflect.Value{}, errors.New("tmplexec: and/or without arguments")
		}
		var v reflect.Value
		for _, a := range args {
			var err error
			if v, err = a.eval(s, dot); err != nil {
				return v, err
			}
			if !v.IsValid() {
				return v, errors.New("tmplexec: an invalid value")
			}
			if truth(v) == or {
				return v, nil
			}
		}
		if hasFinal {
			if !final.IsValid() {
				return final, errors.New("tmplexec: an invalid value")
			}
			v = final
		}
		return v, nil
	}
}

func not(s *state, dot reflect.Value, args []*operand, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	vs, err := values(s, dot, args, final, hasFinal)
	if err != nil {
		return reflect.Value{}, err
	}
	if len(vs) != 1 || !vs[0].IsValid() {
		return reflect.Value{}, errors.New("tmplexec: not takes one value")
	}
	return reflect.ValueOf(!truth(vs[0])), nil
}

func length(s *state, dot reflect.Value, args []*operand, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	vs, err := values(s, dot, args, final, hasFinal)
	if err != nil {
		return reflect.Value{}, err
	}
	if len(vs) != 1 || !vs[0].IsValid() {
		return reflect.Value{}, errors.New("tmplexec: len takes one value")
	}
	v, isNil := indirect(vs[0])
	if isNil {
		return reflect.Value{}, errors.New("tmplexec: len of nil")
	}
	switch v.Kind() {
	case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
		return reflect.ValueOf(v.Len()), nil
	}
	return reflect.Value{}, fmt.Errorf("tmplexec: len of %s", v.Type())
}

// compare is eq and the others: eq compares its first argument with each
// of the rest, the others take two.
func compare(f func(a, b reflect.Value) (bool, error)) builtin {
	return func(s *state, dot reflect.Value, args []*operand, final reflect.Value, hasFinal bool) (reflect.Value, error) {
		vs, err := values(s, dot, args, final, hasFinal)
		if err != nil {
			return reflect.Value{}, err
		}
		if len(vs) != 2 {
			return reflect.Value{}, errors.New("tmplexec: a comparison of other than two values")
		}
		for _, v := range vs {
			if !v.IsValid() {
				return reflect.Value{}, errors.New("tmplexec: an invalid value")
			}
		}
		t, err := f(indirectInterface(vs[0]), indirectInterface(vs[1]))
		if err != nil {
			return reflect.Value{}, err
		}
		return reflect.ValueOf(t), nil
	}
}

type kind uint8

const (
	badKind kind = iota
	boolKind
	intKind
	uintKind
	floatKind
	stringKind
)

func basicKind(v reflect.Value) kind {
	switch v.Kind() {
	case reflect.Bool:
		return boolKind
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intKind
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return uintKind
	case reflect.Float32, reflect.Float64:
		return floatKind
	case reflect.String:
		return stringKind
	}
	return badKind
}

var errCompare = errors.New("tmplexec: a comparison left to html/template")

// eq compares values of the same basic kind; text/template's other cases
// (signed with unsigned, comparable non-basic types) are left to it.
func eq(a, b reflect.Value) (bool, error) {
	k := basicKind(a)
	if k == badKind || k != basicKind(b) {
		return false, errCompare
	}
	switch k {
	case boolKind:
		return a.Bool() == b.Bool(), nil
	case intKind:
		return a.Int() == b.Int(), nil
	case uintKind:
		return a.Uint() == b.Uint(), nil
	case floatKind:
		return a.Float() == b.Float(), nil
	}
	return a.String() == b.String(), nil
}

func lt(a, b reflect.Value) (bool, error) {
	k := basicKind(a)
	if k == badKind || k == boolKind || k != basicKind(b) {
		return false, errCompare
	}
	switch k {
	case intKind:
		return a.Int() < b.Int(), nil
	case uintKind:
		return a.Uint() < b.Uint(), nil
	case floatKind:
		return a.Float() < b.Float(), nil
	}
	return a.String() < b.String(), nil
}

func le(a, b reflect.Value) (bool, error) {
	if t, err := lt(a, b); t || err != nil {
		return t, err
	}
	return eq(a, b)
}

// printFn is print (fmt.Sprint) or printf (fmt.Sprintf).
func printFn(format bool) builtin {
	return func(s *state, dot reflect.Value, args []*operand, final reflect.Value, hasFinal bool) (reflect.Value, error) {
		vs, err := values(s, dot, args, final, hasFinal)
		if err != nil {
			return reflect.Value{}, err
		}
		as := make([]any, len(vs))
		for i, v := range vs {
			if !v.IsValid() {
				return reflect.Value{}, errors.New("tmplexec: an invalid value")
			}
			as[i] = v.Interface()
		}
		if !format {
			return reflect.ValueOf(fmt.Sprint(as...)), nil
		}
		if len(as) == 0 {
			return reflect.Value{}, errors.New("tmplexec: printf without a format")
		}
		f, ok := as[0].(string)
		if !ok || vs[0].Type() != stringType {
			return reflect.Value{}, errors.New("tmplexec: printf's format is not a string")
		}
		return reflect.ValueOf(fmt.Sprintf(f, as[1:]...)), nil
	}
}

// index is text/template's index: item[i][j]…; a key a map lacks gives
// the zero value. Keys must be of the map's key type, indexes of slices,
// arrays and strings integers in range.
func index(s *state, dot reflect.Value, args []*operand, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	vs, err := values(s, dot, args, final, hasFinal)
	if err != nil {
		return reflect.Value{}, err
	}
	if len(vs) == 0 {
		return reflect.Value{}, errors.New("tmplexec: index of nothing")
	}
	item := indirectInterface(vs[0])
	if !item.IsValid() {
		return item, errors.New("tmplexec: index of nil")
	}
	for _, i := range vs[1:] {
		if !i.IsValid() {
			return reflect.Value{}, errors.New("tmplexec: an invalid index")
		}
		i = indirectInterface(i)
		var isNil bool
		if item, isNil = indirect(item); isNil {
			return reflect.Value{}, errors.New("tmplexec: index of nil")
		}
		switch item.Kind() {
		case reflect.Array, reflect.Slice, reflect.String:
			var x int64
			switch basicKind(i) {
			case intKind:
				x = i.Int()
			case uintKind:
				if i.Uint() > uint64(item.Len()) {
					return reflect.Value{}, errors.New("tmplexec: index out of range")
				}
				x = int64(i.Uint())
			default:
				return reflect.Value{}, errors.New("tmplexec: index of another type")
			}
			if x < 0 || x >= int64(item.Len()) {
				return reflect.Value{}, errors.New("tmplexec: index out of range")
			}
			item = item.Index(int(x))
		case reflect.Map:
			if !i.IsValid() || !i.Type().AssignableTo(item.Type().Key()) {
				return reflect.Value{}, errors.New("tmplexec: a key of another type")
			}
			if x := item.MapIndex(i); x.IsValid() {
				item = x
			} else {
				item = reflect.Zero(item.Type().Elem())
			}
		default:
			return reflect.Value{}, fmt.Errorf("tmplexec: index of %s", item.Type())
		}
	}
	return item, nil
}

package tmplexec

// Field chains: each step of .A.B resolves its name once per receiver
// type (an inline cache) and then reaches the field, map key or method
// without a lookup by name; call runs a method or function as
// text/template's evalCall does. Below them, text/template's helpers for
// values: indirect and isTrue.

import (
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"
)

// step is one name of a field chain (.A.B has two). It remembers how it
// resolved the last type it met, so a page of a known type costs no lookup
// by name.
type step struct {
	name  string
	cache atomic.Pointer[access]
}

type accessKind uint8

const (
	viaMethod accessKind = iota
	viaField
	viaMapKey
)

// access is how a step reaches its name on one receiver type.
type access struct {
	typ    reflect.Type // the receiver, after indirection
	addr   bool         // the receiver was addressable: the method set is *typ's
	kind   accessKind
	method int          // viaMethod: the index in the method set
	fn     reflect.Type // viaMethod: the method's type, without receiver
	index  []int        // viaField
	key    reflect.Value
}

var (
	errorType       = reflect.TypeFor[error]()
	reflectValueTyp = reflect.TypeFor[reflect.Value]()
)

func (st *step) resolve(recv reflect.Value) (*access, error) {
	a := &access{typ: recv.Type(), addr: recv.CanAddr()}
	ptr := recv
	if recv.Kind() != reflect.Pointer && recv.Kind() != reflect.Interface && a.addr {
		ptr = recv.Addr()
	}
	if m, ok := ptr.Type().MethodByName(st.name); ok {
		ft := ptr.Method(m.Index).Type()
		switch {
		case ft.NumOut() == 1 && ft.Out(0) != reflectValueTyp:
		case ft.NumOut() == 2 && ft.Out(1) == errorType && ft.Out(0) != reflectValueTyp:
		default:
			return nil, fmt.Errorf("tmplexec: method %s returns %d values", st.name, ft.NumOut())
		}
		a.kind, a.method, a.fn = viaMethod, m.Index, ft
		return a, nil
	}
	switch recv.Kind() {
	case reflect.Struct:
		f, ok := recv.Type().FieldByName(st.name)
		if !ok || !f.IsExported() {
			return nil, fmt.Errorf("tmplexec: no field %s in %s", st.name, recv.Type())
		}
		a.kind, a.index = viaField, f.Index
		return a, nil
	case reflect.Map:
		if recv.Type().Key() != reflect.TypeFor[string]() {
			return nil, fmt.Errorf("tmplexec: %s is not keyed by string", recv.Type())
		}
		a.kind, a.key = viaMapKey, reflect.ValueOf(st.name)
		return a, nil
	}
	return nil, fmt.Errorf("tmplexec: can't evaluate %s in %s", st.name, recv.Type())
}

// eval evaluates the step on recv, text/template's evalField.
func (st *step) eval(s *state, dot, recv reflect.Value, args []*operand, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	if !recv.IsValid() {
		return recv, errors.New("tmplexec: a field of nothing")
	}
	recv, isNil := indirect(recv)
	if isNil {
		// text/template calls a method on a nil pointer or reports it.
		return reflect.Value{}, errors.New("tmplexec: a nil receiver")
	}
	a := st.cache.Load()
	if a == nil || a.typ != recv.Type() || a.addr != recv.CanAddr() {
		var err error
		if a, err = st.resolve(recv); err != nil {
			return reflect.Value{}, err
		}
		st.cache.Store(a)
	}
	if a.kind != viaMethod {
		if len(args) > 0 || hasFinal {
			return reflect.Value{}, fmt.Errorf("tmplexec: %s has arguments but is not a method", st.name)
		}
		if a.kind == viaField {
			return recv.FieldByIndexErr(a.index)
		}
		v := recv.MapIndex(a.key)
		if !v.IsValid() {
			return v, fmt.Errorf("tmplexec: no key %s", st.name)
		}
		return v, nil
	}
	ptr := recv
	if a.addr && recv.Kind() != reflect.Pointer && recv.Kind() != reflect.Interface {
		ptr = recv.Addr()
	}
	return call(s, dot, ptr.Method(a.method), a.fn, args, final, hasFinal)
}

// call calls fn (of type ft) as text/template's evalCall does.
func call(s *state, dot, fn reflect.Value, ft reflect.Type, args []*operand, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	numIn := len(args)
	if hasFinal {
		numIn++
	}
	numFixed := len(args)
	if ft.IsVariadic() {
		numFixed = ft.NumIn() - 1
		if numIn < numFixed {
			return reflect.Value{}, errors.New("tmplexec: too few arguments")
		}
	} else if numIn != ft.NumIn() {
		return reflect.Value{}, errors.New("tmplexec: wrong number of arguments")
	}
	var buf [4]reflect.Value
	argv := buf[:0]
	if numIn > len(buf) {
		argv = make([]reflect.Value, 0, numIn)
	}
	i := 0
	for ; i < numFixed && i < len(args); i++ {
		v, err := args[i].evalAs(s, dot, ft.In(i))
		if err != nil {
			return v, err
		}
		argv = append(argv, v)
	}
	if ft.IsVariadic() {
		et := ft.In(ft.NumIn() - 1).Elem()
		for ; i < len(args); i++ {
			v, err := args[i].evalAs(s, dot, et)
			if err != nil {
				return v, err
			}
			argv = append(argv, v)
		}
	}
	if hasFinal {
		t := ft.In(ft.NumIn() - 1)
		if ft.IsVariadic() {
			if numIn-1 < numFixed {
				t = ft.In(numIn - 1)
			} else {
				t = t.Elem()
			}
		}
		v, err := validate(final, t)
		if err != nil {
			return v, err
		}
		argv = append(argv, v)
	}
	out := fn.Call(argv)
	if len(out) == 2 && !out[1].IsNil() {
		return reflect.Value{}, out[1].Interface().(error)
	}
	return out[0], nil
}

// indirect is text/template's: through pointers and interfaces to a value,
// stopping at a nil.
func indirect(v reflect.Value) (reflect.Value, bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

// indirectInterface is the value inside an interface, if v is one.
func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

// isTrue is text/template's truth.
func isTrue(v reflect.Value) (truth, ok bool) {
	if !v.IsValid() {
		return false, true
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0, true
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0, true
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0, true
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0, true
	case reflect.Struct:
		return true, true
	}
	return false, false
}

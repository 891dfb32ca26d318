package tmplexec

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"text/template/parse"
)

// The semantics below are text/template's (exec.go), for what this package
// handles; every other case is an error, so that html/template decides.

var (
	errBreak    = errors.New("tmplexec: break")
	errContinue = errors.New("tmplexec: continue")
)

type variable struct {
	name  string
	value reflect.Value
}

// state is one execution: the output and the variables in scope, a stack
// as in text/template.
type state struct {
	w     *bytes.Buffer
	vars  []variable
	depth int
}

func (s *state) mark() int { return len(s.vars) }

func (s *state) pop(mark int) { s.vars = s.vars[:mark] }

func (s *state) push(name string, v reflect.Value) { s.vars = append(s.vars, variable{name, v}) }

func (s *state) setVar(name string, v reflect.Value) error {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			s.vars[i].value = v
			return nil
		}
	}
	return fmt.Errorf("tmplexec: undefined variable %s", name)
}

func (s *state) varValue(name string) (reflect.Value, error) {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value, nil
		}
	}
	return reflect.Value{}, fmt.Errorf("tmplexec: undefined variable %s", name)
}

type node interface {
	exec(s *state, dot reflect.Value) error
}

type textNode []byte

func (n textNode) exec(s *state, _ reflect.Value) error {
	s.w.Write(n)
	return nil
}

type listNode []node

func (l listNode) exec(s *state, dot reflect.Value) error {
	for _, n := range l {
		if err := n.exec(s, dot); err != nil {
			return err
		}
	}
	return nil
}

type breakNode struct{}

func (breakNode) exec(*state, reflect.Value) error { return errBreak }

type continueNode struct{}

func (continueNode) exec(*state, reflect.Value) error { return errContinue }

// actionNode is {{pipeline}}: it prints the pipeline's value through the
// escapers html/template put at its end, unless it declares variables.
type actionNode struct {
	pipe  *pipeline
	escs  []escaper
	print bool
}

func (n *actionNode) exec(s *state, dot reflect.Value) error {
	v, err := n.pipe.eval(s, dot)
	if err != nil || !n.print {
		return err
	}
	str, ct, err := stringify(v)
	if err != nil {
		return err
	}
	for _, e := range n.escs {
		if str, err = e(str, ct); err != nil {
			return err
		}
		ct = plain // an escaper's result is a plain string to the next
	}
	s.w.WriteString(str)
	return nil
}

// ifNode is {{if}} and {{with}}, whose variables end with it.
type ifNode struct {
	pipe           *pipeline
	list, elseList node
	with           bool
}

func (n *ifNode) exec(s *state, dot reflect.Value) error {
	defer s.pop(s.mark())
	v, err := n.pipe.eval(s, dot)
	if err != nil {
		return err
	}
	truth, ok := isTrue(indirectInterface(v))
	if !ok {
		return fmt.Errorf("tmplexec: if/with can't use %v", v)
	}
	switch {
	case truth && n.with:
		return n.list.exec(s, v)
	case truth:
		return n.list.exec(s, dot)
	case n.elseList != nil:
		return n.elseList.exec(s, dot)
	}
	return nil
}

type rangeNode struct {
	pipe           *pipeline
	list, elseList node
}

func (n *rangeNode) exec(s *state, dot reflect.Value) error {
	defer s.pop(s.mark())
	v, err := n.pipe.eval(s, dot)
	if err != nil {
		return err
	}
	val, _ := indirect(v)
	mark := s.mark()
	one := func(index, elem reflect.Value) error {
		// The pipeline pushed its variables: the element is the top
		// one, the index the one below it.
		if len(n.pipe.decl) > 0 {
			s.vars[len(s.vars)-1].value = elem
		}
		if len(n.pipe.decl) > 1 {
			s.vars[len(s.vars)-2].value = index
		}
		err := n.list.exec(s, elem)
		s.pop(mark)
		if err == errContinue {
			err = nil
		}
		return err
	}
	ran := false
	switch val.Kind() {
	case reflect.Array, reflect.Slice:
		for i := 0; i < val.Len(); i++ {
			ran = true
			if err := one(reflect.ValueOf(i), val.Index(i)); err != nil {
				if err == errBreak {
					return nil
				}
				return err
			}
		}
	case reflect.Map:
		if val.Type().Key().Kind() != reflect.String {
			return errors.New("tmplexec: range over a map without string keys")
		}
		keys := val.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			ran = true
			if err := one(k, val.MapIndex(k)); err != nil {
				if err == errBreak {
					return nil
				}
				return err
			}
		}
	case reflect.Invalid:
		// Nothing to range over, as in text/template.
	default:
		return fmt.Errorf("tmplexec: range over %s is left to html/template", val.Kind())
	}
	if !ran && n.elseList != nil {
		return n.elseList.exec(s, dot)
	}
	return nil
}

// templateNode is {{template "name" pipeline}}: the callee sees only $.
type templateNode struct {
	pipe   *pipeline
	callee *compiled
}

func (n *templateNode) exec(s *state, dot reflect.Value) error {
	if s.depth >= maxDepth {
		return errors.New("tmplexec: templates nested too deep")
	}
	if n.pipe != nil {
		v, err := n.pipe.eval(s, dot)
		if err != nil {
			return err
		}
		dot = v
	} else {
		dot = reflect.Value{}
	}
	inner := &state{w: s.w, vars: []variable{{"$", dot}}, depth: s.depth + 1}
	return n.callee.body.exec(inner, dot)
}

type pipeline struct {
	cmds   []*command
	decl   []string
	assign bool
}

func (p *pipeline) eval(s *state, dot reflect.Value) (reflect.Value, error) {
	var v reflect.Value
	final := false
	for _, c := range p.cmds {
		var err error
		if v, err = c.eval(s, dot, v, final); err != nil {
			return v, err
		}
		final = true
		if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
			v = reflect.ValueOf(v.Interface())
		}
	}
	for _, name := range p.decl {
		if p.assign {
			if err := s.setVar(name, v); err != nil {
				return v, err
			}
		} else {
			s.push(name, v)
		}
	}
	return v, nil
}

// command is one command: a field chain (from dot, a variable or a
// parenthesized operand), a builtin, or a constant.
type command struct {
	chain   *chain
	varName string // the chain starts at this variable
	fn      builtin
	value   *operand
	args    []*operand
}

// eval runs the command; final is the previous command's value, the last
// argument, when hasFinal.
func (c *command) eval(s *state, dot, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	switch {
	case c.fn != nil:
		return c.fn(s, dot, c.args, final, hasFinal)
	case c.value != nil:
		if hasFinal {
			return reflect.Value{}, errors.New("tmplexec: a constant given an argument")
		}
		return c.value.eval(s, dot)
	}
	recv := dot
	if c.varName != "" {
		v, err := s.varValue(c.varName)
		if err != nil {
			return v, err
		}
		if c.chain == nil {
			if hasFinal {
				return reflect.Value{}, errors.New("tmplexec: a variable given an argument")
			}
			return v, nil
		}
		recv = v
	} else if c.chain.recv != nil {
		v, err := c.chain.recv.eval(s, dot)
		if err != nil {
			return v, err
		}
		recv = v
	}
	steps := c.chain.steps
	for _, st := range steps[:len(steps)-1] {
		var err error
		if recv, err = st.eval(s, dot, recv, nil, reflect.Value{}, false); err != nil {
			return recv, err
		}
	}
	return steps[len(steps)-1].eval(s, dot, recv, c.args, final, hasFinal)
}

type chain struct {
	recv  *operand // nil: dot or the command's variable
	steps []*step
}

type opKind uint8

const (
	opDot opKind = iota
	opString
	opBool
	opNumber
	opCommand
	opPipe
)

// operand is an argument: a constant, dot, or something to evaluate.
type operand struct {
	kind  opKind
	text  string
	num   *parse.NumberNode
	value reflect.Value // a constant's value as an untyped constant gets it
	cmd   *command
	pipe  *pipeline
}

// eval is the operand's value where any type is welcome.
func (o *operand) eval(s *state, dot reflect.Value) (reflect.Value, error) {
	switch o.kind {
	case opDot:
		return dot, nil
	case opCommand:
		return o.cmd.eval(s, dot, reflect.Value{}, false)
	case opPipe:
		return o.pipe.eval(s, dot)
	}
	return o.value, nil
}

// evalAs is the operand's value as an argument of type t, as
// text/template's evalArg makes it.
func (o *operand) evalAs(s *state, dot reflect.Value, t reflect.Type) (reflect.Value, error) {
	switch o.kind {
	case opString:
		if t.Kind() == reflect.String {
			v := reflect.New(t).Elem()
			v.SetString(o.text)
			return v, nil
		}
	case opBool:
		if t.Kind() == reflect.Bool {
			v := reflect.New(t).Elem()
			v.SetBool(o.value.Bool())
			return v, nil
		}
	case opNumber:
		switch t.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if !o.num.IsInt {
				return reflect.Value{}, errors.New("tmplexec: expected an integer")
			}
			v := reflect.New(t).Elem()
			v.SetInt(o.num.Int64)
			return v, nil
		case reflect.Float32, reflect.Float64:
			if !o.num.IsFloat {
				return reflect.Value{}, errors.New("tmplexec: expected a float")
			}
			v := reflect.New(t).Elem()
			v.SetFloat(o.num.Float64)
			return v, nil
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			if !o.num.IsUint {
				return reflect.Value{}, errors.New("tmplexec: expected an unsigned integer")
			}
			v := reflect.New(t).Elem()
			v.SetUint(o.num.Uint64)
			return v, nil
		}
	default:
		v, err := o.eval(s, dot)
		if err != nil {
			return v, err
		}
		return validate(v, t)
	}
	if t.Kind() == reflect.Interface && t.NumMethod() == 0 {
		return o.value, nil
	}
	return reflect.Value{}, fmt.Errorf("tmplexec: a constant for an argument of type %s", t)
}

// validate is text/template's validateType, but for the cases it handles by
// dereferencing, taking an address or an untyped nil.
func validate(v reflect.Value, t reflect.Type) (reflect.Value, error) {
	if !v.IsValid() {
		return v, errors.New("tmplexec: an invalid value as an argument")
	}
	if v.Type().AssignableTo(t) {
		return v, nil
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		if e := v.Elem(); e.Type().AssignableTo(t) {
			return e, nil
		}
	}
	return reflect.Value{}, fmt.Errorf("tmplexec: %s for an argument of type %s", v.Type(), t)
}

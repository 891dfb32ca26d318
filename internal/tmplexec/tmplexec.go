// Package tmplexec executes html/template layouts without text/template's
// per-call reflection: the escaped parse trees are compiled once into a
// tree of Go values, and each field or method a template names is looked up
// once per type it meets, not by name on every page.
//
// It is a fast path, never the reference. A Program gives the bytes
// html/template gives or fails: anything it does not handle exactly (a
// function, builtin or escaper it does not know, an untyped nil, a missing
// map key, a method's error, a panic) makes Compile or Execute return an
// error, and the caller executes the template with html/template, which
// then reports the problem in its own words. Execution errors say nothing
// an editor needs; they are only reasons to fall back.
//
// Escaping stays html/template's: Compile reads the trees html/template
// has escaped (it refuses a printing action that does not end in one of
// its escapers), and the escapers here are checked against html/template's
// own (escape_test.go, FuzzEscapers).
package tmplexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"text/template/parse"
)

// maxDepth bounds template calls; html/template allows far deeper, and a
// layout that recurses this deep is left to it.
const maxDepth = 1000

// Program is one template of a set, compiled with the templates it calls.
// It is safe for concurrent use.
type Program struct {
	root *compiled
}

// compiled is one template's body; body is set once every template of
// the Compile call is compiled, so that recursive calls can point to it.
type compiled struct {
	name string
	body node
}

// Compile compiles the template name of set. The set must have escaped it
// already, by executing it (see Escape): Compile reads html/template's
// escaped trees, and refuses a tree that is not.
func Compile(set *template.Template, name string) (*Program, error) {
	c := &compiler{set: set, done: map[string]*compiled{}}
	root, err := c.template(name)
	if err != nil {
		return nil, err
	}
	return &Program{root: root}, nil
}

// Escape makes html/template escape the template name of set, so that its
// trees can be compiled. It executes the template with no data, which fails
// at its first field (the output is thrown away). An error is returned only
// when escaping fails.
func Escape(set *template.Template, name string) error {
	err := set.ExecuteTemplate(discard{}, name, nil)
	var escErr *template.Error
	if errors.As(err, &escErr) {
		return err
	}
	return nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// Execute writes the template applied to data into w. On an error w holds
// part of a page, which the caller throws away.
func (p *Program) Execute(w *bytes.Buffer, data any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("tmplexec: panic: %v", r)
		}
	}()
	dot := reflect.ValueOf(data)
	s := &state{w: w, vars: make([]variable, 1, 16)}
	s.vars[0] = variable{"$", dot}
	err = p.root.body.exec(s, dot)
	if err == errBreak || err == errContinue {
		err = errors.New("tmplexec: break or continue outside range")
	}
	return err
}

type compiler struct {
	set  *template.Template
	done map[string]*compiled
}

func (c *compiler) template(name string) (*compiled, error) {
	if t, ok := c.done[name]; ok {
		return t, nil
	}
	t := c.set.Lookup(name)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		// A template html/template derived for another context
		// ("x$htmltemplate_…") is not in the set's index.
		return nil, fmt.Errorf("tmplexec: no template %q", name)
	}
	out := &compiled{name: name}
	c.done[name] = out
	body, err := c.list(t.Tree.Root)
	if err != nil {
		return nil, fmt.Errorf("tmplexec: %s: %w", name, err)
	}
	out.body = body
	return out, nil
}

func (c *compiler) list(l *parse.ListNode) (node, error) {
	if l == nil {
		return listNode(nil), nil
	}
	var out listNode
	for _, n := range l.Nodes {
		cn, err := c.node(n)
		if err != nil {
			return nil, err
		}
		// Adjacent text is one write.
		if t, ok := cn.(textNode); ok && len(out) > 0 {
			if prev, ok := out[len(out)-1].(textNode); ok {
				out[len(out)-1] = append(append(textNode(nil), prev...), t...)
				continue
			}
		}
		out = append(out, cn)
	}
	if len(out) == 1 {
		return out[0], nil
	}
	return out, nil
}

func (c *compiler) node(n parse.Node) (node, error) {
	switch n := n.(type) {
	case *parse.TextNode:
		return textNode(n.Text), nil
	case *parse.CommentNode:
		return listNode(nil), nil
	case *parse.ActionNode:
		return c.action(n)
	case *parse.IfNode:
		return c.branch(&n.BranchNode, false)
	case *parse.WithNode:
		return c.branch(&n.BranchNode, true)
	case *parse.RangeNode:
		return c.rangeNode(n)
	case *parse.TemplateNode:
		callee, err := c.template(n.Name)
		if err != nil {
			return nil, err
		}
		var p *pipeline
		if n.Pipe != nil {
			if p, err = c.pipeline(n.Pipe); err != nil {
				return nil, err
			}
		}
		return &templateNode{pipe: p, callee: callee}, nil
	case *parse.BreakNode:
		return breakNode{}, nil
	case *parse.ContinueNode:
		return continueNode{}, nil
	}
	return nil, fmt.Errorf("unknown node %s", n)
}

// action compiles {{pipeline}}. One that prints must end in html/template's
// escapers: they run on the value as strings (see escaper), never as
// reflect.Values.
func (c *compiler) action(n *parse.ActionNode) (node, error) {
	if len(n.Pipe.Decl) > 0 {
		p, err := c.pipeline(n.Pipe)
		if err != nil {
			return nil, err
		}
		return &actionNode{pipe: p}, nil
	}
	cmds := n.Pipe.Cmds
	var escs []escaper
	for len(cmds) > 0 {
		last := cmds[len(cmds)-1]
		id, ok := last.Args[0].(*parse.IdentifierNode)
		if !ok || len(last.Args) != 1 || !strings.HasPrefix(id.Ident, "_html_template_") {
			break
		}
		e, ok := escapers[id.Ident]
		if !ok {
			return nil, fmt.Errorf("escaper %s", id.Ident)
		}
		escs = append([]escaper{e}, escs...)
		cmds = cmds[:len(cmds)-1]
	}
	if len(escs) == 0 {
		return nil, fmt.Errorf("%s: the action is not escaped", n)
	}
	if len(cmds) == 0 {
		return nil, fmt.Errorf("%s: nothing to escape", n)
	}
	p, err := c.pipeline(&parse.PipeNode{Cmds: cmds})
	if err != nil {
		return nil, err
	}
	return &actionNode{pipe: p, escs: escs, print: true}, nil
}

func (c *compiler) branch(b *parse.BranchNode, with bool) (node, error) {
	p, err := c.pipeline(b.Pipe)
	if err != nil {
		return nil, err
	}
	list, err := c.list(b.List)
	if err != nil {
		return nil, err
	}
	var els node
	if b.ElseList != nil {
		if els, err = c.list(b.ElseList); err != nil {
			return nil, err
		}
	}
	return &ifNode{pipe: p, list: list, elseList: els, with: with}, nil
}

func (c *compiler) rangeNode(n *parse.RangeNode) (node, error) {
	if n.Pipe.IsAssign {
		return nil, errors.New("range with = is left to html/template")
	}
	p, err := c.pipeline(n.Pipe)
	if err != nil {
		return nil, err
	}
	list, err := c.list(n.List)
	if err != nil {
		return nil, err
	}
	var els node
	if n.ElseList != nil {
		if els, err = c.list(n.ElseList); err != nil {
			return nil, err
		}
	}
	return &rangeNode{pipe: p, list: list, elseList: els}, nil
}

func (c *compiler) pipeline(p *parse.PipeNode) (*pipeline, error) {
	out := &pipeline{assign: p.IsAssign}
	for _, v := range p.Decl {
		out.decl = append(out.decl, v.Ident[0])
	}
	for _, cmd := range p.Cmds {
		cc, err := c.command(cmd)
		if err != nil {
			return nil, err
		}
		out.cmds = append(out.cmds, cc)
	}
	return out, nil
}

// command compiles one command of a pipeline: its first word says what it
// is, the rest are arguments.
func (c *compiler) command(cmd *parse.CommandNode) (*command, error) {
	args := make([]*operand, 0, len(cmd.Args)-1)
	for _, a := range cmd.Args[1:] {
		o, err := c.operand(a)
		if err != nil {
			return nil, err
		}
		args = append(args, o)
	}
	out := &command{args: args}
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		out.chain = c.chain(nil, n.Ident)
	case *parse.VariableNode:
		out.varName = n.Ident[0]
		if len(n.Ident) > 1 {
			out.chain = c.chain(nil, n.Ident[1:])
		} else if len(args) > 0 {
			return nil, fmt.Errorf("%s is not a function", n)
		}
	case *parse.ChainNode:
		o, err := c.operand(n.Node)
		if err != nil {
			return nil, err
		}
		out.chain = c.chain(o, n.Field)
	case *parse.IdentifierNode:
		b, ok := builtins[n.Ident]
		if !ok {
			return nil, fmt.Errorf("function %s", n.Ident)
		}
		out.fn = b
	default:
		if len(args) > 0 {
			return nil, fmt.Errorf("%s is not a function", n)
		}
		o, err := c.operand(n)
		if err != nil {
			return nil, err
		}
		out.value = o
	}
	return out, nil
}

func (c *compiler) chain(recv *operand, names []string) *chain {
	ch := &chain{recv: recv}
	for _, n := range names {
		ch.steps = append(ch.steps, &step{name: n})
	}
	return ch
}

// operand compiles an argument.
func (c *compiler) operand(n parse.Node) (*operand, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return &operand{kind: opDot}, nil
	case *parse.StringNode:
		return &operand{kind: opString, text: n.Text, value: reflect.ValueOf(n.Text)}, nil
	case *parse.BoolNode:
		return &operand{kind: opBool, value: reflect.ValueOf(n.True)}, nil
	case *parse.NumberNode:
		return number(n)
	case *parse.FieldNode, *parse.VariableNode, *parse.ChainNode, *parse.IdentifierNode:
		cmd, err := c.command(&parse.CommandNode{NodeType: parse.NodeCommand, Args: []parse.Node{n}})
		if err != nil {
			return nil, err
		}
		return &operand{kind: opCommand, cmd: cmd}, nil
	case *parse.PipeNode:
		p, err := c.pipeline(n)
		if err != nil {
			return nil, err
		}
		if len(p.decl) > 0 {
			return nil, errors.New("a declaration inside parentheses")
		}
		return &operand{kind: opPipe, pipe: p}, nil
	}
	return nil, fmt.Errorf("operand %s", n)
}

// number is a numeric constant: text/template gives an untyped constant
// an int if it is an integer, a float64 if it is written as one.
func number(n *parse.NumberNode) (*operand, error) {
	o := &operand{kind: opNumber, num: n}
	switch {
	case n.IsComplex:
		return nil, errors.New("complex constant")
	case n.IsFloat && !isHexInt(n.Text) && !isRuneInt(n.Text) && strings.ContainsAny(n.Text, ".eEpP"):
		o.value = reflect.ValueOf(n.Float64)
	case n.IsInt:
		i := int(n.Int64)
		if int64(i) != n.Int64 {
			return nil, errors.New("constant overflows int")
		}
		o.value = reflect.ValueOf(i)
	default:
		return nil, fmt.Errorf("constant %s", n.Text)
	}
	return o, nil
}

func isRuneInt(s string) bool { return len(s) > 0 && s[0] == '\'' }

func isHexInt(s string) bool {
	return len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !strings.ContainsAny(s, "pP")
}

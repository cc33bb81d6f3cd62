package main

import "fmt"

// op is the operation of a node of the syntax tree.
type op int

const (
	opNum op = iota
	opVar
	opAdd
	opSub
	opMul
	opMod
	opLess
	opIf
	opCall
)

type node struct {
	op   op
	num  int
	name string
	kids []*node
}

type funcDef struct {
	name, param string
	body        *node
}

type program struct {
	funcs  map[string]*funcDef
	prints []*node
}

type parser struct {
	toks []token
	pos  int
}

func (p *parser) peek() token { return p.toks[p.pos] }

func (p *parser) advance() token {
	t := p.toks[p.pos]
	p.pos++
	return t
}

func (p *parser) expect(text string) {
	if t := p.advance(); t.text != text {
		panic(fmt.Sprintf("expected %q, got %q", text, t.text))
	}
}

// parse builds the program of src.
func parse(src string) *program {
	p := &parser{toks: lex(src)}
	prog := &program{funcs: map[string]*funcDef{}}
	for p.peek().kind != tEOF {
		p.statement(prog)
	}
	return prog
}

func (p *parser) statement(prog *program) {
	switch p.advance().text {
	case "def":
		name := p.advance().text
		p.expect("(")
		param := p.advance().text
		p.expect(")")
		p.expect("=")
		prog.funcs[name] = &funcDef{name: name, param: param, body: p.expr()}
	case "print":
		prog.prints = append(prog.prints, p.expr())
	default:
		panic("bad statement")
	}
	p.expect(";")
}

func (p *parser) expr() *node {
	if p.peek().text == "if" {
		p.advance()
		cond := p.expr()
		p.expect("then")
		a := p.expr()
		p.expect("else")
		b := p.expr()
		return &node{op: opIf, kids: []*node{cond, a, b}}
	}
	n := p.sum()
	if p.peek().text == "<" {
		p.advance()
		n = &node{op: opLess, kids: []*node{n, p.sum()}}
	}
	return n
}

func (p *parser) sum() *node {
	n := p.term()
	for {
		switch p.peek().text {
		case "+":
			p.advance()
			n = &node{op: opAdd, kids: []*node{n, p.term()}}
		case "-":
			p.advance()
			n = &node{op: opSub, kids: []*node{n, p.term()}}
		default:
			return n
		}
	}
}

func (p *parser) term() *node {
	n := p.factor()
	for {
		switch p.peek().text {
		case "*":
			p.advance()
			n = &node{op: opMul, kids: []*node{n, p.factor()}}
		case "%":
			p.advance()
			n = &node{op: opMod, kids: []*node{n, p.factor()}}
		default:
			return n
		}
	}
}

func (p *parser) factor() *node {
	t := p.advance()
	switch {
	case t.kind == tNum:
		return &node{op: opNum, num: t.num}
	case t.text == "(":
		n := p.expr()
		p.expect(")")
		return n
	case t.kind == tName && p.peek().text == "(":
		p.advance()
		arg := p.expr()
		p.expect(")")
		return &node{op: opCall, name: t.text, kids: []*node{arg}}
	case t.kind == tName:
		return &node{op: opVar, name: t.text}
	}
	panic("bad factor " + t.text)
}

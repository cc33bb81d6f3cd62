package main

// frame is the environment of one function call.
type frame struct {
	name string
	val  int
}

type interp struct {
	prog  *program
	stack []frame
	calls map[string]int
}

func newInterp(prog *program) *interp {
	return &interp{prog: prog, calls: map[string]int{}}
}

func (in *interp) lookup(name string) int {
	for i := len(in.stack) - 1; i >= 0; i-- {
		if in.stack[i].name == name {
			return in.stack[i].val
		}
	}
	panic("undefined: " + name)
}

// call evaluates a call of a user-defined function.
func (in *interp) call(name string, arg int) int {
	f := in.prog.funcs[name]
	in.calls[name]++
	in.stack = append(in.stack, frame{f.param, arg})
	v := in.eval(f.body)
	in.stack = in.stack[:len(in.stack)-1]
	return v
}

func (in *interp) eval(n *node) int {
	switch n.op {
	case opNum:
		return n.num
	case opVar:
		return in.lookup(n.name)
	case opAdd:
		return in.eval(n.kids[0]) + in.eval(n.kids[1])
	case opSub:
		return in.eval(n.kids[0]) - in.eval(n.kids[1])
	case opMul:
		return in.eval(n.kids[0]) * in.eval(n.kids[1])
	case opMod:
		return in.eval(n.kids[0]) % in.eval(n.kids[1])
	case opLess:
		if in.eval(n.kids[0]) < in.eval(n.kids[1]) {
			return 1
		}
		return 0
	case opIf:
		if in.eval(n.kids[0]) != 0 {
			return in.eval(n.kids[1])
		}
		return in.eval(n.kids[2])
	case opCall:
		return in.call(n.name, in.eval(n.kids[0]))
	}
	panic("bad op")
}

package main

// kind is the kind of a token.
type kind int

const (
	tEOF kind = iota
	tNum
	tName
	tPunct
)

type token struct {
	kind kind
	text string
	num  int
}

type lexer struct {
	src  string
	pos  int
	toks []token
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' }

// lex splits src into tokens.
func lex(src string) []token {
	l := &lexer{src: src}
	for {
		t := l.next()
		l.toks = append(l.toks, t)
		if t.kind == tEOF {
			return l.toks
		}
	}
}

func (l *lexer) next() token {
	for l.pos < len(l.src) && isSpace(l.src[l.pos]) {
		l.pos++
	}
	if l.pos >= len(l.src) {
		return token{kind: tEOF}
	}
	start := l.pos
	c := l.src[l.pos]
	switch {
	case isDigit(c):
		return l.number(start)
	case isLetter(c):
		for l.pos < len(l.src) && (isLetter(l.src[l.pos]) || isDigit(l.src[l.pos])) {
			l.pos++
		}
		return token{kind: tName, text: l.src[start:l.pos]}
	}
	l.pos++
	return token{kind: tPunct, text: l.src[start:l.pos]}
}

func (l *lexer) number(start int) token {
	n := 0
	for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
		n = n*10 + int(l.src[l.pos]-'0')
		l.pos++
	}
	return token{kind: tNum, text: l.src[start:l.pos], num: n}
}

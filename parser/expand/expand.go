// Package expand bounds variable expansion before it happens.
//
// Dockerfile ARG/ENV values, .env files and Compose interpolation all
// expand `$NAME` and `${NAME...}` with the values defined before them.
// Doubling is exponential: 831 bytes of `ENV V1=${V0}${V0}` lines expand to
// gigabytes. Bound computes, in one pass over the text, a length the
// expansion cannot exceed, so a caller refuses an expansion over Max before
// building any of it.
package expand

// Max is the longest value seaworthy expands: 64 KiB, far above any real
// ARG, ENV or interpolated value, far below what could hurt.
const Max = 64 << 10

// Bound is an upper bound of the length of text once every variable it
// names is expanded: its own length plus, for each reference, the length
// of the value size gives for the name. A default (`${A:-x}`) and an
// alternative (`${A:+x}`) are text of their own, so they are counted in
// len(text); nested references inside them are counted as references. The
// sum saturates at Max+1: callers only compare it with Max.
func Bound(text string, size func(name string) int) int {
	n := len(text)
	scan(text, func(name string) bool {
		n += size(name)
		return n <= Max
	})
	return min(n, Max+1)
}

// Names calls f with each variable text refers to, in order.
func Names(text string, f func(name string)) {
	scan(text, func(name string) bool { f(name); return true })
}

// scan calls f with each name after a `$` or `${`, until f returns false.
func scan(text string, f func(name string) bool) {
	for i := 0; i < len(text); i++ {
		if text[i] != '$' {
			continue
		}
		j := i + 1
		if j < len(text) && text[j] == '{' {
			j++
		}
		k := j
		for k < len(text) && isNameByte(text[k], k == j) {
			k++
		}
		if k > j && !f(text[j:k]) {
			return
		}
	}
}

func isNameByte(c byte, first bool) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || !first && '0' <= c && c <= '9'
}

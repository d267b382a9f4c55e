package fix

import (
	"bytes"
	"fmt"
	"io"
)

// maxDiffCells bounds the line-matching table of Unified: past it the
// changed middle of the file is shown as one hunk, so a hostile file costs
// time linear in its size.
const maxDiffCells = 4_000_000

// Unified writes a unified diff (as `diff -u` and `git apply` read it) of
// before and after, named name, with three lines of context.
func Unified(w io.Writer, name string, before, after []byte) error {
	a, b := lines(before), lines(after)
	// Common lines at both ends, then the lines in between matched.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	if pre == len(a) && pre == len(b) {
		return nil
	}
	ops := make([]op, 0, len(a)+len(b))
	for i := 0; i < pre; i++ {
		ops = append(ops, op{' ', a[i]})
	}
	ops = append(ops, middle(a[pre:len(a)-suf], b[pre:len(b)-suf])...)
	for i := len(a) - suf; i < len(a); i++ {
		ops = append(ops, op{' ', a[i]})
	}
	if _, err := fmt.Fprintf(w, "--- a/%s\n+++ b/%s\n", name, name); err != nil {
		return err
	}
	return hunks(w, ops)
}

type op struct {
	kind byte // ' ', '-' or '+'
	line string
}

// lines splits data into lines that keep their ends ("\n", "\r\n").
func lines(data []byte) []string {
	var out []string
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			out = append(out, string(data))
			break
		}
		out = append(out, string(data[:i+1]))
		data = data[i+1:]
	}
	return out
}

// middle matches the changed lines by their longest common subsequence.
func middle(a, b []string) []op {
	var ops []op
	if len(a)*len(b) > maxDiffCells {
		for _, l := range a {
			ops = append(ops, op{'-', l})
		}
		for _, l := range b {
			ops = append(ops, op{'+', l})
		}
		return ops
	}
	// lcs[i][j]: the longest common subsequence of a[i:] and b[j:].
	lcs := make([][]int32, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops = append(ops, op{' ', a[i]})
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', a[i]})
			i++
		default:
			ops = append(ops, op{'+', b[j]})
			j++
		}
	}
	return ops
}

// hunks writes the changes of ops with three lines of context around each.
func hunks(w io.Writer, ops []op) error {
	const context = 3
	// aBefore[k], bBefore[k]: lines of each file before ops[k].
	aBefore, bBefore := make([]int, len(ops)+1), make([]int, len(ops)+1)
	for k, o := range ops {
		aBefore[k+1], bBefore[k+1] = aBefore[k], bBefore[k]
		if o.kind != '+' {
			aBefore[k+1]++
		}
		if o.kind != '-' {
			bBefore[k+1]++
		}
	}
	for start := 0; start < len(ops); {
		for start < len(ops) && ops[start].kind == ' ' {
			start++
		}
		if start == len(ops) {
			break
		}
		from := max(0, start-context)
		end := start // one past the last change of the hunk
		for k := start; k < len(ops); k++ {
			if ops[k].kind != ' ' {
				end = k + 1
			} else if k-end >= 2*context {
				break
			}
		}
		to := min(len(ops), end+context)
		// The hunk's first line in each file, and its length there.
		aLine, bLine := aBefore[from]+1, bBefore[from]+1
		aCount, bCount := aBefore[to]-aBefore[from], bBefore[to]-bBefore[from]
		if aCount == 0 {
			aLine--
		}
		if bCount == 0 {
			bLine--
		}
		if _, err := fmt.Fprintf(w, "@@ -%d,%d +%d,%d @@\n", aLine, aCount, bLine, bCount); err != nil {
			return err
		}
		for _, o := range ops[from:to] {
			l := o.line
			nl := len(l) > 0 && l[len(l)-1] == '\n'
			if _, err := fmt.Fprintf(w, "%c%s", o.kind, l); err != nil {
				return err
			}
			if !nl {
				if _, err := io.WriteString(w, "\n\\ No newline at end of file\n"); err != nil {
					return err
				}
			}
		}
		start = to
	}
	return nil
}

package dockerfile

import (
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// confQuery is the question instConfBefore asks: does an instruction
// write the configuration key with a true (want) or false (!want) value,
// or copy a file under dir?
type confQuery struct {
	key  string
	dir  string
	want bool
}

// instConfBefore reports whether an instruction of s before `before`, or
// any instruction of the stages s is built FROM, writes key (see
// instConfValues) with instTrue(v) == want, or copies something under dir
// ("" for none).
func instConfBefore(p *rules.Pass, s *df.Stage, before *df.Instruction, key, dir string, want bool) bool {
	return firstBefore(p, s, before, confQuery{key, dir, want}, func(ins *df.Instruction) bool {
		return writesConf(ins, key, dir, want)
	})
}

// firstKey names one firstBefore question about one stage.
type firstKey struct {
	stage *df.Stage
	query any
}

// firstAnswer is a question's answer for every instruction of the stage at
// once: the index of the first instruction that matches (-1: none; always,
// when one of a parent stage matches), and each instruction's index, so
// that asking about the n-th instruction costs nothing. Asking instruction
// by instruction rescanned all earlier ones: 20,000 apt-get lines took 36 s.
type firstAnswer struct {
	first  int
	always bool
	index  map[*df.Instruction]int
}

// firstBefore reports whether an instruction of s before `before` (all of
// s when before is not in it), or of a stage s is built FROM, matches.
// query names the question (a comparable value: match must depend on
// nothing else); the answer is computed once per stage and query.
func firstBefore(p *rules.Pass, s *df.Stage, before *df.Instruction, query any, match func(*df.Instruction) bool) bool {
	a := rules.Memo(p, firstKey{s, query}, func() *firstAnswer {
		a := &firstAnswer{first: -1, index: map[*df.Instruction]int{}}
		for st := s.Parent; st != nil && !a.always; st = st.Parent {
			for _, ins := range st.Instructions {
				if match(ins) {
					a.always = true
					break
				}
			}
		}
		for i, ins := range s.Instructions {
			a.index[ins] = i
			if a.first < 0 && match(ins) {
				a.first = i
			}
		}
		return a
	})
	if a.always {
		return true
	}
	i, ok := a.index[before]
	if !ok {
		i = len(s.Instructions)
	}
	return a.first >= 0 && a.first < i
}

// writesConf reports whether one instruction writes the setting.
func writesConf(ins *df.Instruction, key, dir string, want bool) bool {
	if ins.OnBuild != nil {
		return false
	}
	if dir != "" && copiesUnder(ins, dir) {
		return true
	}
	if key == "" {
		return false
	}
	for _, t := range instContent(ins) {
		for _, v := range instConfValues(t, key) {
			if want && instTrue(v) || !want && instFalse(v) {
				return true
			}
		}
	}
	return false
}

// copiesUnder reports whether a COPY or ADD writes under dir, or copies a
// folder that contains it.
func copiesUnder(ins *df.Instruction, dir string) bool {
	if ins.Keyword != "COPY" && ins.Keyword != "ADD" || len(ins.Args) < 2 || len(ins.Heredocs) > 0 {
		return false
	}
	dest := ins.Args[len(ins.Args)-1].Value
	return instUnder(dest, dir) || instUnder(dir, dest) && dest != "/"
}

package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/parser/source"
	"github.com/seaworthy-dev/seaworthy/rules"
)

// Helpers shared by the label rules (SW1718-SW1727). Names start with
// label so that they do not collide with the other areas' helpers.

// labelKV is one key=value pair of a LABEL instruction, with the key and
// value as BuildKit sets them (quotes and escapes removed) when they hold
// no variable.
type labelKV struct {
	Ins *df.Instruction
	// KeyRaw and ValueRaw are as written; Key and Value are the results,
	// meaningful when KeyKnown and ValueKnown.
	KeyRaw, ValueRaw     string
	Key, Value           string
	KeyKnown, ValueKnown bool
	// KeySpan, ValueSpan and Span are where the key, the value and the
	// whole pair are written. ValueSpan is empty (at the end of the pair)
	// for an empty value.
	KeySpan, ValueSpan, Span source.Span
}

// labelNoEnv is an environment with no variables: a word that uses one is
// unknown, since ARG and ENV values can change at build time.
type labelNoEnv struct{}

func (labelNoEnv) Get(string) (string, bool) { return "", false }
func (labelNoEnv) Keys() []string            { return nil }

// labelEval expands word as BuildKit does for LABEL; known is false when
// the word uses a variable or does not expand.
func labelEval(f *df.File, word string) (value string, known bool) {
	res, err := bkExpand(f, word, labelNoEnv{})
	if err != nil || len(res.Unmatched) > 0 || len(res.Matched) > 0 {
		return "", false
	}
	return res.Result, true
}

// labelPairs lists the key=value pairs of a LABEL instruction (not an
// ONBUILD one) with their spans.
func labelPairs(f *df.File, ins *df.Instruction) []labelKV {
	c, ok := ins.Command.(*instructions.LabelCommand)
	if !ok || len(c.Labels) == 0 {
		return nil
	}
	var out []labelKV
	if len(c.Labels) == 1 && c.Labels[0].NoDelim {
		// LABEL key value with spaces: the key, then the rest of the line.
		kv := c.Labels[0]
		l := labelKV{Ins: ins, KeyRaw: kv.Key, ValueRaw: kv.Value, Span: ins.ArgsSpan(), KeySpan: ins.ArgsSpan(), ValueSpan: ins.ArgsSpan()}
		if len(ins.Args) >= 2 && ins.Args[0].Raw == kv.Key {
			l.KeySpan = ins.Args[0].Span
			l.ValueSpan = source.Span{Start: ins.Args[1].Span.Start, End: ins.Args[len(ins.Args)-1].Span.End}
			l.Span = source.Span{Start: l.KeySpan.Start, End: l.ValueSpan.End}
		}
		out = append(out, labelEvalPair(f, l))
		return out
	}
	matched := len(ins.Args) == len(c.Labels)
	for i, kv := range c.Labels {
		l := labelKV{Ins: ins, KeyRaw: kv.Key, ValueRaw: kv.Value, Span: ins.ArgsSpan(), KeySpan: ins.ArgsSpan(), ValueSpan: ins.ArgsSpan()}
		if matched {
			tok := ins.Args[i]
			if eq := strings.IndexByte(tok.Raw, '='); eq >= 0 && tok.Raw[:eq] == kv.Key {
				l.Span = tok.Span
				l.KeySpan = ins.SubSpan(tok, 0, eq)
				l.ValueSpan = ins.SubSpan(tok, eq+1, len(tok.Raw))
			}
		}
		out = append(out, labelEvalPair(f, l))
	}
	return out
}

func labelEvalPair(f *df.File, l labelKV) labelKV {
	l.Key, l.KeyKnown = labelEval(f, l.KeyRaw)
	l.Value, l.ValueKnown = labelEval(f, l.ValueRaw)
	return l
}

// labelStagePairs lists the label pairs set by the LABEL instructions of
// stage s, in order.
func labelStagePairs(f *df.File, s *df.Stage) []labelKV {
	var out []labelKV
	for _, ins := range s.Instructions {
		out = append(out, labelPairs(f, ins)...)
	}
	return out
}

// labelAllPairs lists the label pairs of every stage, in file order.
func labelAllPairs(f *df.File) []labelKV {
	var out []labelKV
	for _, s := range f.Stages {
		out = append(out, labelStagePairs(f, s)...)
	}
	return out
}

// labelSchema is the configured schema, nil when there is none.
func labelSchema(p *rules.Pass) map[string]string {
	if p.Settings == nil || len(p.Settings.LabelSchema) == 0 {
		return nil
	}
	return p.Settings.LabelSchema
}

// labelCheckFormat reports every label of type typ in the schema whose
// value is known, not empty and rejected by valid, with the message msg
// gives.
func labelCheckFormat(p *rules.Pass, typ string, valid func(string) bool, msg func(l labelKV) string) {
	schema := labelSchema(p)
	if schema == nil {
		return
	}
	for _, l := range labelAllPairs(p.Dockerfile) {
		if !l.KeyKnown || !l.ValueKnown || schema[l.Key] != typ {
			continue
		}
		v := strings.TrimSpace(l.Value)
		if v == "" || valid(v) {
			continue
		}
		p.Reportf(l.ValueSpan, "%s", msg(l))
	}
}

// labelConfigDoc is the shared paragraph on configuration of the label
// schema rules' documentation.
const labelConfigDoc = `The label schema comes from ´.seaworthy.yaml´ (hadolint's ´label-schema´ and ´strict-labels´,
which ´seaworthy config migrate´ carries over):

´´´yaml
label-schema:
  org.opencontainers.image.source: url
  org.opencontainers.image.created: rfc3339
  org.opencontainers.image.version: semver
  org.opencontainers.image.revision: hash
  org.opencontainers.image.licenses: spdx
  org.opencontainers.image.authors: email
  org.opencontainers.image.title: text
strict-labels: false
´´´

Without a ´label-schema´ the rule reports nothing. Keys are matched exactly, as Docker compares
them. A value written with a variable (´$VERSION´) is not checked: it is only known at build time.`

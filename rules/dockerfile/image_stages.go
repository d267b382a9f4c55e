package dockerfile

import (
	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
)

// shippedStages are the stages whose layers end up in the image `docker
// build` builds by default: the final stage and the stages it is built FROM.
func shippedStages(f *df.File) map[*df.Stage]bool {
	out := map[*df.Stage]bool{}
	for s, i := f.FinalStage(), 0; s != nil && i < 1000; s, i = s.Parent, i+1 {
		out[s] = true
	}
	return out
}

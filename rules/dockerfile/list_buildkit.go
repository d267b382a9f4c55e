package dockerfile

import "github.com/seaworthy-dev/seaworthy/rules"

// buildkitRules are the BuildKit's own checks (docker build --check), SW18xx.
var buildkitRules = []*rules.Rule{}

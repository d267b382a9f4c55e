package dockerfile

import "github.com/seaworthy-dev/seaworthy/rules"

// hygieneRules are the build hygiene and correctness rules (SW17xx).
var hygieneRules = []*rules.Rule{}

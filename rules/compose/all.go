// Package compose holds the Compose rules (SW2xxx), one per file.
package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// All lists the Compose rules in ID order.
var All = []*rules.Rule{}

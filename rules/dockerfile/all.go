// Package dockerfile holds the Dockerfile rules (SW1xxx), one per file.
package dockerfile

import "github.com/seaworthy-dev/seaworthy/rules"

// All lists the Dockerfile rules in ID order.
var All = []*rules.Rule{
	SW1101, SW1102,
	SW1201,
	SW1301, SW1302,
	SW1401,
}

// Package dockerfile holds the Dockerfile rules (SW1xxx), one per file.
package dockerfile

import "github.com/seaworthy-dev/seaworthy/rules"

// All lists the Dockerfile rules in ID order.
var All = []*rules.Rule{
	SW1101, SW1102, SW1106,
	SW1201,
	SW1301, SW1302,
	SW1401,
	SW1501, SW1502, SW1503, SW1504, SW1505, SW1506,
	SW1601,
}

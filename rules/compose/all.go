// Package compose holds the Compose rules (SW2xxx), one per file.
package compose

import "github.com/seaworthy-dev/seaworthy/rules"

// All lists the Compose rules in ID order.
var All = []*rules.Rule{
	SW2101, SW2102, SW2103, SW2104, SW2105, SW2106, SW2107, SW2108, SW2109,
	SW2110, SW2111, SW2112, SW2113, SW2114, SW2115, SW2116, SW2117, SW2118, SW2119,
	SW2201, SW2202, SW2203, SW2204, SW2205, SW2206, SW2207, SW2208,
	SW2301, SW2302, SW2303, SW2304, SW2305,
	SW2401, SW2402, SW2403, SW2404, SW2405, SW2406, SW2407,
	SW2501, SW2502, SW2503, SW2504, SW2505, SW2506, SW2507,
	SW2601,
}

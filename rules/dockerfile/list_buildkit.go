package dockerfile

import "github.com/seaworthy-dev/seaworthy/rules"

// buildkitRules are the BuildKit's own checks (docker build --check), SW18xx.
var buildkitRules = []*rules.Rule{
	SW1801, SW1802, SW1803, SW1804, SW1805, SW1806, SW1807, SW1808, SW1809, SW1810,
	SW1811, SW1812, SW1813, SW1814, SW1815, SW1816, SW1817, SW1818, SW1819,
}

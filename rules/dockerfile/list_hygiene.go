package dockerfile

import "github.com/seaworthy-dev/seaworthy/rules"

// hygieneRules are the build hygiene and correctness rules (SW17xx).
var hygieneRules = []*rules.Rule{
	SW1701, SW1702, SW1703, SW1704, SW1705, SW1706, SW1707, SW1708, SW1709,
	SW1710, SW1711, SW1712, SW1713, SW1714, SW1715, SW1716, SW1717,
	SW1718, SW1719, SW1720, SW1721, SW1722, SW1723, SW1724, SW1725, SW1726, SW1727, SW1728,
}

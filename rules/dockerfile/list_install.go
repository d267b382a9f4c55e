package dockerfile

import "github.com/seaworthy-dev/seaworthy/rules"

// installRules are the package-manager and download rules (SW15xx, SW16xx) beyond the core ones.
var installRules = []*rules.Rule{
	SW1507, SW1508, SW1509, SW1510, SW1511, SW1512, SW1513, SW1514, SW1515, SW1516,
	SW1602, SW1603, SW1604, SW1605, SW1606,
	SW1607,
}

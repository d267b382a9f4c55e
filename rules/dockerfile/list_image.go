package dockerfile

import "github.com/seaworthy-dev/seaworthy/rules"

// imageRules are the base image, user, privilege and secret rules (SW11xx-SW14xx) beyond the core ones.
var imageRules = []*rules.Rule{
	SW1103, SW1104, SW1105, SW1107,
	SW1202, SW1203, SW1204, SW1205, SW1206, SW1207,
	SW1402, SW1403, SW1404, SW1405, SW1406,
}

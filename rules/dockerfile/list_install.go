package dockerfile

import "github.com/seaworthy-dev/seaworthy/rules"

// installRules are the package-manager and download rules (SW15xx, SW16xx) beyond the core ones.
var installRules = []*rules.Rule{}

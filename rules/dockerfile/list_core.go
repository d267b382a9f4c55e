package dockerfile

import "github.com/seaworthy-dev/seaworthy/rules"

// coreRules are the first rules: base image, root user, ports, secrets,
// lockfiles and pinning, pipe-to-shell.
var coreRules = []*rules.Rule{
	SW1101, SW1102, SW1106, SW1109,
	SW1201,
	SW1301, SW1302,
	SW1401,
	SW1501, SW1502, SW1503, SW1504, SW1505, SW1506,
	SW1601,
}

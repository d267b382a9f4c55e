package dockerfile

import "github.com/seaworthy-dev/seaworthy/rules"

// imageRules are the base image, user, privilege and secret rules (SW11xx-SW14xx) beyond the core ones.
var imageRules = []*rules.Rule{}

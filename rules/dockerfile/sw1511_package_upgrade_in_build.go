package dockerfile

import "github.com/seaworthy-dev/seaworthy/rules"

// SW1511 notes whole-system upgrades in a build, for teams that want the
// base image alone to decide package versions. Off by default: upgrading
// also picks up security fixes the base has not shipped yet.
var SW1511 = &rules.Rule{
	ID:       "SW1511",
	Name:     "package-upgrade-in-build",
	Kind:     rules.Dockerfile,
	Severity: rules.Info,
	Summary:  "The build upgrades every installed package",
	Doc: `` + "`apt-get upgrade`" + `, ` + "`apk upgrade`" + `, ` + "`dnf upgrade`" + ` and ` + "`zypper dist-upgrade`" + ` replace the base
image's packages with whatever the mirror offers on the day of the build. The image then
differs from the base it names, two builds of the same commit differ, and a release upgrade
(` + "`dist-upgrade`" + `) can change the distribution under the application.

The rule is off by default: the advice changed. Upgrading also installs security fixes the
base image has not shipped yet, which is why hadolint dropped DL3005, KICS deleted its
queries and Trivy deprecated DS024. Turn it on when base images are rebuilt and pinned by
digest, so that the base alone decides package versions.

Reported: ` + "`apt-get`" + `/` + "`apt`" + ` ` + "`upgrade`" + `, ` + "`dist-upgrade`" + `, ` + "`full-upgrade`" + `;
` + "`aptitude`" + ` ` + "`safe-upgrade`" + `/` + "`full-upgrade`" + `; ` + "`apk upgrade`" + `; ` + "`yum`" + `/` + "`dnf`" + `/` + "`microdnf`" + `
` + "`update`" + `, ` + "`upgrade`" + `, ` + "`distro-sync`" + `; ` + "`zypper`" + ` ` + "`update`" + `, ` + "`dist-upgrade`" + `, ` + "`patch`" + `.
Not reported: upgrades of named packages (` + "`dnf upgrade openssl`" + `, ` + "`apk upgrade musl`" + `,
` + "`apt-get install --only-upgrade openssl`" + `), which are targeted fixes.`,
	Tags:        []string{"reproducibility"},
	Equivalents: map[string][]string{rules.Hadolint: {"DL3035", "DL3005", "DL3017", "DL3031", "DL3039"}, rules.Trivy: {"DS024"}},
	Off:         true,
	Run:         runPackageUpgradeInBuild,
}

func runPackageUpgradeInBuild(p *rules.Pass) {
	instRuns(p, func(r *instRun) {
		for _, c := range r.Calls {
			var cl instCmdLine
			var whole bool
			switch {
			case c.Is("apt-get", "apt"):
				cl = instApt(p, c)
				whole = instOneOf(cl.Sub(), "upgrade", "dist-upgrade", "full-upgrade")
			case c.Is("aptitude"):
				cl = instApt(p, c)
				whole = instOneOf(cl.Sub(), "upgrade", "safe-upgrade", "full-upgrade", "dist-upgrade")
			case c.Is("apk"):
				cl = instApk(c)
				whole = cl.Sub() == "upgrade" && len(cl.Pos) == 1
			case instRPMFamily(c):
				cl = instRPMManager(c)
				whole = instOneOf(cl.Sub(), "update", "upgrade", "up", "distro-sync", "dsync", "upgrade-minimal") && len(cl.Pos) == 1
			case c.Is("zypper"):
				cl = instZypper(c)
				whole = instOneOf(cl.Sub(), "update", "up", "dist-upgrade", "dup", "patch") && len(cl.Pos) == 1
			}
			if whole {
				p.Reportf(instSpan(c, cl.Pos[0]), "%s %s upgrades every package of the base image during the build; rebuild on a newer base image instead", c.Name, cl.Sub())
			}
		}
	})
}

// instOneOf reports whether s is one of the values.
func instOneOf(s string, values ...string) bool {
	for _, v := range values {
		if s == v {
			return true
		}
	}
	return false
}

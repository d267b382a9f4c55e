package dockerfile

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/seaworthy-dev/seaworthy/rules"
	"github.com/seaworthy-dev/seaworthy/rules/imagedata"
)

// SW1106 notes a final stage built on a full OS or toolchain image: every
// compiler, header and tool in it ships to production, with its CVEs.
var SW1106 = &rules.Rule{
	ID:               "SW1106",
	Name:             "base-image-not-minimal",
	Kind:             rules.Dockerfile,
	Severity:         rules.Info,
	SecuritySeverity: 2.0,
	Summary:          "The final stage is based on a build toolchain or a full image",
	Doc: `The final stage is what ships. Building it on a toolchain image (` + "`golang`" + `, ` + "`rust`" + `,
` + "`maven`" + `, ` + "`gradle`" + `, ` + "`gcc`" + `, ` + "`mcr.microsoft.com/dotnet/sdk`" + `, a ` + "`-jdk`" + ` Java image) or on the
default tag of ` + "`node`" + `, ` + "`python`" + ` or ` + "`ruby`" + ` (which is based on ` + "`buildpack-deps`" + `, with
compilers, headers, git and ImageMagick) ships hundreds of megabytes the application never
uses, each package a source of vulnerability reports.

Build in one stage and copy the result into a small runtime stage: a ` + "`-slim`" + ` or
` + "`-alpine`" + ` variant, a ` + "`-jre`" + ` image, ` + "`aspnet`" + `/` + "`runtime`" + ` for .NET, distroless, or
` + "`scratch`" + ` for static binaries. The message gives compressed sizes from the Docker Official
Images' published figures (linux/amd64) as orders of magnitude.

Build stages are never reported, nor Dockerfiles under ` + "`.devcontainer/`" + `.`,
	Tags: []string{"best-practice", "security"},
	CIS:  []string{"4.3"},
	Run:  runBaseImageNotMinimal,
}

var toolchains = map[string]bool{
	"golang": true, "rust": true, "gcc": true, "buildpack-deps": true, "maven": true, "gradle": true,
	"mcr.microsoft.com/dotnet/sdk": true, "mcr.microsoft.com/dotnet/core/sdk": true, "haskell": true, "clojure": true,
}

func runBaseImageNotMinimal(p *rules.Pass) {
	if strings.Contains(filepath.ToSlash(p.Source.Path), ".devcontainer/") {
		return
	}
	final := p.Dockerfile.FinalStage()
	root := rootStage(final)
	ref, ok := externalBase(root)
	if !ok {
		return
	}
	var msg string
	fam, hasFam := imagedata.FamilyOf(ref.Repo)
	tag := strings.ToLower(ref.Tag)
	switch {
	case toolchains[ref.Repo] || ref.Repo == "swift" && !strings.Contains(tag, "slim"):
		msg = fmt.Sprintf("%s is a build toolchain; build in an earlier stage and copy the result into a runtime image", ref.Repo)
		if hasFam && fam.Full != nil && fam.Full.Size != nil {
			msg = fmt.Sprintf("%s is a build toolchain (%s); build in an earlier stage and copy the result into a runtime image", ref.Repo, imagedata.SizeText(*fam.Full))
		}
	case (ref.Repo == "eclipse-temurin" || ref.Repo == "amazoncorretto" || ref.Repo == "sapmachine" || ref.Repo == "ibm-semeru-runtimes") && strings.Contains(tag, "jdk"):
		msg = fmt.Sprintf("%s:%s is a JDK; run the application on a JRE image (%s)", ref.Repo, ref.Tag, strings.Replace(ref.Tag, "jdk", "jre", 1))
	case (ref.Repo == "node" || ref.Repo == "python" || ref.Repo == "ruby") && fullRuntimeTag(tag):
		msg = fmt.Sprintf("%s is the full, buildpack-deps based image with compilers and headers", quoted(root))
		if hasFam && fam.Full != nil {
			msg += fmt.Sprintf(" (%s)", imagedata.SizeText(*fam.Full))
		}
		if s := imagedata.SmallerText(fam); s != "" {
			msg += "; a -slim or -alpine variant such as " + s + " is much smaller"
		}
	default:
		return
	}
	p.Reportf(root.Image.Span, "%s: %s", finalName(p.Dockerfile), msg)
}

// fullRuntimeTag reports whether a node, python or ruby tag is the default,
// buildpack-deps based variant: not slim, alpine or Windows.
func fullRuntimeTag(tag string) bool {
	for _, v := range []string{"slim", "alpine", "windows", "nanoserver", "servercore"} {
		if strings.Contains(tag, v) {
			return false
		}
	}
	return true
}

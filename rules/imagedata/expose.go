package imagedata

import (
	"strings"
)

// quietOfficial are Docker Official Images (docker.io/library/<name>) whose
// Dockerfiles in docker-library (and nodejs/docker-node) declare no EXPOSE
// in any variant: operating systems, language runtimes and build tools. An
// image built on one of them exposes exactly what its own Dockerfile says.
// Servers (nginx 80, httpd 80, tomcat 8080, postgres 5432, ...) are absent
// on purpose, and so is every image not listed: what they EXPOSE is in the
// registry, which seaworthy does not read.
var quietOfficial = map[string]bool{
	"alpine": true, "almalinux": true, "amazonlinux": true, "busybox": true,
	"centos": true, "debian": true, "fedora": true, "oraclelinux": true,
	"rockylinux": true, "ubuntu": true, "buildpack-deps": true, "gcc": true,
	"golang": true, "node": true, "python": true, "ruby": true, "rust": true,
	"openjdk": true, "eclipse-temurin": true, "amazoncorretto": true,
	"maven": true, "gradle": true,
}

// ExposesNothing reports whether image ref is known to EXPOSE no port, so
// that a Dockerfile built FROM it exposes only its own EXPOSE ports:
// scratch, the official images in quietOfficial, the command-line variants
// of php (its -apache tags EXPOSE 80 and -fpm tags 9000), and Google's
// distroless images. False for everything else: unknown is not nothing.
func ExposesNothing(ref string) bool {
	if strings.TrimSpace(strings.ToLower(ref)) == "scratch" {
		return true
	}
	r, ok := Parse(ref)
	if !ok {
		return false
	}
	if r.Domain == "gcr.io" && strings.HasPrefix(r.Path, "distroless/") {
		return true
	}
	name, official := strings.CutPrefix(r.Path, "library/")
	if r.Domain != "docker.io" || !official {
		return false
	}
	if name == "php" {
		return !strings.Contains(r.Tag, "apache") && !strings.Contains(r.Tag, "fpm")
	}
	return quietOfficial[name]
}

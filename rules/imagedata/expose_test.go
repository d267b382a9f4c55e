package imagedata

import "testing"

func TestExposesNothing(t *testing.T) {
	for ref, want := range map[string]bool{
		"scratch":                       true,
		"node:24-alpine":                true,
		"docker.io/library/python:3.13": true,
		"gcr.io/distroless/static":      true,
		"php:8.4-cli":                   true,
		"php":                           true,
		"php:8.4-apache":                false, // EXPOSE 80
		"php:8.4-fpm-alpine":            false, // EXPOSE 9000
		"nginx:1.30":                    false,
		"postgres:17":                   false,
		"bitnami/node:22":               false, // not the official image
		"ghcr.io/acme/node:1":           false,
		"mcr.microsoft.com/mirror/docker/library/python:3.12": false,
		"${BASE}": false,
	} {
		if got := ExposesNothing(ref); got != want {
			t.Errorf("ExposesNothing(%q) = %v, want %v", ref, got, want)
		}
	}
}

package imagepolicy

import "testing"

func TestTrustedRegistry(t *testing.T) {
	cases := []struct {
		patterns []string
		image    string
		want     bool
	}{
		{nil, "anything.example/x", true},
		{[]string{"docker.io"}, "node:22", true},
		{[]string{"hub.docker.com"}, "bitnami/redis", true},
		{[]string{"docker.io"}, "ghcr.io/acme/app:1", false},
		{[]string{"*.corp.example"}, "registry.corp.example/app", true},
		{[]string{"*.corp.example"}, "corp.example/app", false},
		{[]string{"registry.local:5000"}, "registry.local:5000/app", true},
		{[]string{"ghcr.io*"}, "ghcr.io/acme/app", true},
		{[]string{"*"}, "quay.io/x", true},
	}
	for _, c := range cases {
		reg, ok := Registry(c.image)
		if !ok {
			t.Fatalf("Registry(%q) failed", c.image)
		}
		if got := TrustedRegistry(c.patterns, reg); got != c.want {
			t.Errorf("TrustedRegistry(%q, %q) = %v", c.patterns, reg, got)
		}
	}
	if _, ok := Registry("UPPER/Case"); ok {
		t.Error("invalid reference accepted")
	}
}

func TestAllowed(t *testing.T) {
	cases := []struct {
		allowed, denied []string
		image           string
		want            bool
	}{
		{nil, nil, "node:22", true},
		{[]string{"node:*"}, nil, "node:22", true},
		{[]string{"node"}, nil, "node:22-alpine", true}, // without the tag
		{[]string{"docker.io/library/*"}, nil, "node:22", true},
		{[]string{"gcr.io/distroless/*"}, nil, "gcr.io/distroless/static:nonroot", true},
		{[]string{"node:*"}, nil, "python:3.12", false},
		{nil, []string{"centos*"}, "centos:7", false},
		{[]string{"*"}, []string{"*:latest"}, "node:latest", false}, // denied wins
		{nil, []string{"NODE"}, "node", false},                      // case-insensitive
	}
	for _, c := range cases {
		got, why := Allowed(c.allowed, c.denied, c.image)
		if got != c.want || got == (why != "") {
			t.Errorf("Allowed(%q, %q, %q) = %v %q", c.allowed, c.denied, c.image, got, why)
		}
	}
}

package dockerfile

import (
	"fmt"
	"strings"

	df "github.com/seaworthy-dev/seaworthy/parser/dockerfile"
	"github.com/seaworthy-dev/seaworthy/rules/imagedata"
)

// externalBase returns the stage's base image when it is an image pulled
// from a registry: not scratch, not an earlier stage, fully resolved.
func externalBase(s *df.Stage) (imagedata.Ref, bool) {
	if s.Parent != nil || !s.Resolved || s.Base == "" || strings.EqualFold(s.Base, "scratch") {
		return imagedata.Ref{}, false
	}
	return imagedata.Parse(s.Base)
}

// builtBase is externalBase as `docker build` without --build-arg sees the
// reference: a global ARG declared without a default expands to empty
// (df.Stage.Default), so `ARG TAG` + `FROM alpine$TAG` pulls alpine:latest.
// The message text names the reference and the ARGs that leave it empty.
func builtBase(s *df.Stage) (imagedata.Ref, string, bool) {
	if ref, ok := externalBase(s); ok {
		return ref, quoted(s), true
	}
	if s.Parent != nil || s.Resolved || len(s.EmptyArgs) == 0 || s.Default == "" || strings.EqualFold(s.Default, "scratch") {
		return imagedata.Ref{}, "", false
	}
	ref, ok := imagedata.Parse(s.Default)
	if !ok {
		return imagedata.Ref{}, "", false
	}
	names := make([]string, len(s.EmptyArgs))
	for i, n := range s.EmptyArgs {
		names[i] = "ARG " + n
	}
	verb := "has no default, so it is empty"
	if len(names) > 1 {
		verb = "have no default, so they are empty"
	}
	return ref, fmt.Sprintf("\"%s\" (\"%s\": %s %s)", s.Image.Value, s.Default, strings.Join(names, " and "), verb), true
}

// rootStage follows FROM <stage> links to the stage that pulls an image.
func rootStage(s *df.Stage) *df.Stage {
	for i := 0; s.Parent != nil && i < 1000; i++ {
		s = s.Parent
	}
	return s
}

// quoted shows a FROM reference as written, and what it expands to when
// it uses ARGs, for messages.
func quoted(s *df.Stage) string {
	if s.Image.Value != s.Base {
		return "\"" + s.Image.Value + "\" (\"" + s.Base + "\")"
	}
	return "\"" + s.Image.Value + "\""
}

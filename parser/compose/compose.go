// Package compose loads Compose files with compose-go and keeps the YAML node
// tree of every source file so findings point where a value was written.
package compose

// Project is a loaded Compose project (placeholder until the loader lands).
type Project struct{}

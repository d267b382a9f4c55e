package dockerfile

// File is a parsed Dockerfile (placeholder).
type File struct{}

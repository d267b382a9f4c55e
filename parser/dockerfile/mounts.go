package dockerfile

import (
	"path"
	"strings"
)

// Mount is one RUN --mount flag, as written.
type Mount struct {
	Type   string // bind (the default), cache, tmpfs, secret, ssh; lower case
	Target string // target, dst or destination, cleaned; "" when not given
	Source string // source or src, as written
	From   string // the stage or image of a bind or cache mount
	ID     string // id of a cache, secret or ssh mount
	Flag   Token  // the --mount flag itself
}

// Mounts reads the instruction's --mount flags. They are parsed here
// rather than with instructions.GetMounts, which would expand and change
// BuildKit's typed command: rules read the model and never mutate it.
func (i *Instruction) Mounts() []Mount {
	var out []Mount
	for _, fl := range i.Flags {
		body := strings.TrimPrefix(fl.Value, "--")
		k, v, ok := strings.Cut(body, "=")
		if !ok || !strings.EqualFold(k, "mount") {
			continue
		}
		m := Mount{Type: "bind", Flag: fl}
		for _, field := range strings.Split(v, ",") {
			key, val, _ := strings.Cut(strings.TrimSpace(field), "=")
			val = strings.Trim(val, `"'`)
			switch strings.ToLower(key) {
			case "type":
				m.Type = strings.ToLower(val)
			case "target", "dst", "destination":
				if val != "" {
					m.Target = path.Clean(val)
				}
			case "source", "src":
				m.Source = val
			case "from":
				m.From = val
			case "id":
				m.ID = val
			}
		}
		out = append(out, m)
	}
	return out
}

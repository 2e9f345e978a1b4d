// Package web holds the collector dashboard: html/template pages, the
// page's script and style, and a vendored copy of uPlot (MIT, see
// vendor/LICENSE), all embedded in the binary.
package web

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"time"
)

//go:embed templates static vendor
var files embed.FS

// funcs are the templates' helpers.
var funcs = template.FuncMap{
	// rangeLabel names a time range given as a Go duration.
	"rangeLabel": func(s string) string {
		d, err := time.ParseDuration(s)
		switch {
		case err != nil:
			return s
		case d < 48*time.Hour:
			if d == time.Hour {
				return "hour"
			}
			return fmt.Sprintf("%d hours", int(d.Hours()))
		default:
			return fmt.Sprintf("%d days", int(d.Hours()/24))
		}
	},
	// chain bundles a certificate table's title, element id and rows.
	"chain": func(title, id string, certs any) map[string]any {
		return map[string]any{"Title": title, "ID": id, "Certs": certs}
	},
}

// Templates parses the dashboard templates ("index.html", "login.html",
// "report.html").
func Templates() (*template.Template, error) {
	t, err := template.New("").Funcs(funcs).ParseFS(files, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("failed to parse dashboard templates: %w", err)
	}
	return t, nil
}

// Static serves the script, style and vendored uPlot under /static/
// (static/* and vendor/*).
func Static() http.Handler {
	sub, _ := fs.Sub(files, ".")
	fsrv := http.FileServerFS(sub)
	return http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		switch {
		case len(r.URL.Path) > 7 && r.URL.Path[:7] == "vendor/", len(r.URL.Path) > 7 && r.URL.Path[:7] == "static/":
			fsrv.ServeHTTP(w, r)
		default:
			http.NotFound(w, r)
		}
	}))
}

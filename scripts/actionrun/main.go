// Command actionrun runs the steps of action.yml on this machine the way a
// GitHub runner would, for scripts/test-action.sh: it evaluates the
// ${{ inputs.* }}, ${{ github.* }} and ${{ steps.*.outputs.* }} expressions
// this action uses, runs each "run" step with bash and the step's env,
// collects GITHUB_OUTPUT and GITHUB_PATH, and, instead of running a "uses"
// step (the code-scanning upload), checks that the file it would upload
// exists. It exits with the action's outcome: the status of the first
// failing step.
//
//	go run ./scripts/actionrun [-C DIR] [-workspace DIR] [input=value...]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"sigs.k8s.io/yaml"
)

type action struct {
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Author      string            `json:"author"`
	Branding    map[string]string `json:"branding"`
	Outputs     map[string]struct {
		Description string `json:"description"`
		Value       string `json:"value"`
	} `json:"outputs"`
	Inputs map[string]struct {
		Description string `json:"description"`
		Default     string `json:"default"`
		Required    bool   `json:"required"`
	} `json:"inputs"`
	Runs struct {
		Using string `json:"using"`
		Steps []step `json:"steps"`
	} `json:"runs"`
}

type step struct {
	Name  string            `json:"name"`
	ID    string            `json:"id"`
	If    string            `json:"if"`
	Shell string            `json:"shell"`
	Run   string            `json:"run"`
	Uses  string            `json:"uses"`
	With  map[string]string `json:"with"`
	Env   map[string]string `json:"env"`
}

// runner is the state of one run of the action.
type runner struct {
	actionPath, workspace, temp string
	inputs                      map[string]string
	outputs                     map[string]map[string]string
	path                        []string
	failed                      bool
}

func main() {
	actionDir := flag.String("C", ".", "folder holding action.yml")
	workspace := flag.String("workspace", ".", "GITHUB_WORKSPACE: the checkout the action runs in")
	flag.Parse()
	if err := run(*actionDir, *workspace, flag.Args()); err != nil {
		fmt.Fprintf(os.Stderr, "actionrun: %v\n", err)
		os.Exit(1)
	}
}

func run(actionDir, workspace string, args []string) error {
	data, err := os.ReadFile(filepath.Join(actionDir, "action.yml"))
	if err != nil {
		return err
	}
	var a action
	if err := yaml.UnmarshalStrict(data, &a); err != nil {
		return fmt.Errorf("action.yml: %w", err)
	}
	if a.Runs.Using != "composite" {
		return fmt.Errorf("action.yml: runs.using %q, want composite", a.Runs.Using)
	}
	r := &runner{inputs: map[string]string{}, outputs: map[string]map[string]string{}}
	if r.actionPath, err = filepath.Abs(actionDir); err != nil {
		return err
	}
	if r.workspace, err = filepath.Abs(workspace); err != nil {
		return err
	}
	if r.temp, err = os.MkdirTemp("", "actionrun"); err != nil {
		return err
	}
	defer os.RemoveAll(r.temp)
	for name, in := range a.Inputs {
		r.inputs[name] = in.Default
	}
	for _, kv := range args {
		k, v, ok := strings.Cut(kv, "=")
		if _, known := a.Inputs[k]; !ok || !known {
			return fmt.Errorf("unknown input %q", kv)
		}
		r.inputs[k] = v
	}
	for name, in := range a.Inputs {
		if in.Required && r.inputs[name] == "" {
			return fmt.Errorf("input %q is required", name)
		}
	}
	var first error
	for i, s := range a.Runs.Steps {
		if err := r.step(i, s); err != nil && first == nil {
			first = err
			r.failed = true
		}
	}
	return first
}

var expr = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// eval substitutes the expressions of s.
func (r *runner) eval(s string) string {
	return expr.ReplaceAllStringFunc(s, func(m string) string {
		return r.value(expr.FindStringSubmatch(m)[1])
	})
}

// value evaluates one expression: a context path, or the comparisons
// "X == 'v'", "X != 'v'" and "A && B" with always().
func (r *runner) value(e string) string {
	if a, b, ok := strings.Cut(e, "&&"); ok {
		return boolString(truthy(r.value(strings.TrimSpace(a))) && truthy(r.value(strings.TrimSpace(b))))
	}
	for _, op := range []string{"!=", "=="} {
		if a, b, ok := strings.Cut(e, op); ok {
			eq := r.value(strings.TrimSpace(a)) == strings.Trim(strings.TrimSpace(b), "'")
			return boolString(eq == (op == "=="))
		}
	}
	switch {
	case e == "always()":
		return "true"
	case e == "github.action_path":
		return r.actionPath
	case e == "github.workspace":
		return r.workspace
	case strings.HasPrefix(e, "inputs."):
		return r.inputs[strings.TrimPrefix(e, "inputs.")]
	case strings.HasPrefix(e, "steps."):
		parts := strings.Split(e, ".")
		if len(parts) == 4 && parts[2] == "outputs" {
			return r.outputs[parts[1]][parts[3]]
		}
	}
	fmt.Fprintf(os.Stderr, "actionrun: unknown expression %q\n", e)
	return ""
}

func truthy(s string) bool { return s != "" && s != "false" && s != "0" }

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func (r *runner) step(i int, s step) error {
	cond := strings.TrimSpace(s.If)
	if cond != "" {
		if m := expr.FindStringSubmatch(cond); m != nil {
			cond = m[1]
		}
		if !truthy(r.value(cond)) || (r.failed && !strings.Contains(cond, "always()")) {
			fmt.Printf("-- step %d %q skipped\n", i+1, s.Name)
			return nil
		}
	} else if r.failed {
		fmt.Printf("-- step %d %q skipped (an earlier step failed)\n", i+1, s.Name)
		return nil
	}
	fmt.Printf("-- step %d %q\n", i+1, s.Name)
	if s.Uses != "" {
		return r.uses(s)
	}
	return r.shell(s)
}

// uses stands in for an action from the marketplace: the code-scanning
// upload is checked (its file exists and is SARIF), not performed.
func (r *runner) uses(s step) error {
	if !strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@") {
		return fmt.Errorf("step %q: cannot run %s locally", s.Name, s.Uses)
	}
	f := r.eval(s.With["sarif_file"])
	data, err := os.ReadFile(filepath.Join(r.workspace, f))
	if err != nil {
		return fmt.Errorf("step %q: the SARIF file to upload: %w", s.Name, err)
	}
	if !strings.Contains(string(data), `"version": "2.1.0"`) {
		return fmt.Errorf("step %q: %s is not a SARIF 2.1.0 log", s.Name, f)
	}
	fmt.Printf("   would upload %s (%d bytes) as category %q\n", f, len(data), r.eval(s.With["category"]))
	return nil
}

func (r *runner) shell(s step) error {
	if s.Shell != "bash" {
		return fmt.Errorf("step %q: shell %q, want bash", s.Name, s.Shell)
	}
	outFile := filepath.Join(r.temp, "output")
	pathFile := filepath.Join(r.temp, "path")
	for _, f := range []string{outFile, pathFile} {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			return err
		}
	}
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", r.eval(s.Run))
	cmd.Dir, cmd.Stdout, cmd.Stderr = r.workspace, os.Stdout, os.Stderr
	env := os.Environ()
	if len(r.path) > 0 {
		env = append(env, "PATH="+strings.Join(r.path, ":")+":"+os.Getenv("PATH"))
	}
	env = append(env, "GITHUB_OUTPUT="+outFile, "GITHUB_PATH="+pathFile, "GITHUB_WORKSPACE="+r.workspace,
		"GITHUB_ACTION_PATH="+r.actionPath, "RUNNER_TEMP="+r.temp)
	for k, v := range s.Env {
		env = append(env, k+"="+r.eval(v))
	}
	cmd.Env = env
	err := cmd.Run()
	if s.ID != "" {
		r.outputs[s.ID] = readKV(outFile)
	}
	r.path = append(readLines(pathFile), r.path...)
	if err != nil {
		return fmt.Errorf("step %q: %w", s.Name, err)
	}
	return nil
}

func readLines(path string) []string {
	data, _ := os.ReadFile(path)
	var out []string
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func readKV(path string) map[string]string {
	out := map[string]string{}
	for _, l := range readLines(path) {
		if k, v, ok := strings.Cut(l, "="); ok {
			out[k] = v
		}
	}
	return out
}

package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// manCmd writes man pages for every verb, generated from the cobra tree
// (releases ship them; see .goreleaser.yaml). Hidden: it is a build step.
func manCmd(e *env) *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:    "man",
		Short:  "Write man pages for pinkit and each verb into a folder",
		Hidden: true,
		Args:   cobra.NoArgs,
		Example: `  pinkit man --dir manpages     manpages/pinkit.1, manpages/pinkit-audit.1, …
  man -l manpages/pinkit-audit.1`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("failed to create man page folder: %w", err)
			}
			root := cmd.Root()
			root.DisableAutoGenTag = true // reproducible pages: no generation date
			header := &doc.GenManHeader{Title: "PINKIT", Section: "1", Source: "pinkit " + version(), Manual: "pinkit manual"}
			if err := doc.GenManTree(root, header, dir); err != nil {
				return fmt.Errorf("failed to write man pages: %w", err)
			}
			fmt.Fprintf(e.stdout, "man pages written to %s\n", dir)
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "manpages", "write the pages into `DIR`")
	_ = cmd.MarkFlagDirname("dir")
	return cmd
}

// Command sdkgen writes the typed SDKs of this package from schema.json with Pulumi's own code
// generators, the same ones `pulumi package gen-sdk` runs inside the language hosts (which the
// module proxy does not serve here).
//
// Usage: sdkgen SCHEMA OUT_DIR
//
// It replaces OUT_DIR/go, OUT_DIR/python and OUT_DIR/nodejs-generated whole, so a file the
// generators no longer write does not linger.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// selfContained is the loader for a schema that refers to no other package: any lookup is a
// mistake in schema.json, reported instead of fetching a plugin.
type selfContained struct{}

func (selfContained) refuse(name string) error {
	return fmt.Errorf("schema.json refers to package %q; it must refer to no other package", name)
}

func (l selfContained) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, l.refuse(name)
}

func (l selfContained) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, l.refuse(d.Name)
}

func (l selfContained) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, l.refuse(name)
}

func (l selfContained) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, l.refuse(d.Name)
}

// tool is what the generated files name as their author.
const tool = "pulumi-elb-sdkgen"

type generator func(pkg *schema.Package) (map[string][]byte, error)

// The folders under OUT_DIR, one per language; sdk/ itself holds the TypeScript dynamic SDK.
var generators = []struct {
	folder   string
	generate generator
}{
	{"go", func(pkg *schema.Package) (map[string][]byte, error) { return gogen.GeneratePackage(tool, pkg, nil) }},
	{"python", func(pkg *schema.Package) (map[string][]byte, error) {
		return python.GeneratePackage(tool, pkg, nil, selfContained{})
	}},
	{"nodejs-generated", func(pkg *schema.Package) (map[string][]byte, error) {
		return nodejs.GeneratePackage(tool, pkg, nil, nil, false, selfContained{})
	}},
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: sdkgen SCHEMA OUT_DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "sdkgen:", err)
		os.Exit(1)
	}
}

func run(schemaPath, outDir string) error {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	for _, g := range generators {
		// Each generator records its language's options on the package, so each gets its own.
		pkg, err := bind(raw)
		if err != nil {
			return err
		}
		files, err := g.generate(pkg)
		if err != nil {
			return fmt.Errorf("%s: %w", g.folder, err)
		}
		if err := replaceFolder(filepath.Join(outDir, g.folder), files); err != nil {
			return err
		}
	}
	return nil
}

func bind(raw []byte) (*schema.Package, error) {
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, fmt.Errorf("reading the schema: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, selfContained{}, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("binding the schema: %w", err)
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("the schema is not valid: %s", diags.Error())
	}
	return pkg, nil
}

func replaceFolder(folder string, files map[string][]byte) error {
	if err := os.RemoveAll(folder); err != nil {
		return err
	}
	for name, content := range files {
		file := filepath.Join(folder, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(file, content, 0o644); err != nil {
			return err
		}
	}
	return nil
}

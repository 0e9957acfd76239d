// One step of a Go Pulumi program that declares pool members with the typed Go SDK (sdk/go),
// run through Pulumi's Go Automation API as an inline program, so no Go language host is needed.
// test/engine/go-sdk.test.ts runs it with one JSON argument and reads the JSON it prints on its
// last line: what the engine reported for the step.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/elb-poolmember/pulumi-elb/sdk/go/elb"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const project = "go-members"

// step is the test's argument.
type step struct {
	Op         string            `json:"op"`
	Weight     int               `json:"weight"`
	PoolID     string            `json:"poolId"`
	SubnetID   string            `json:"subnetId"`
	WorkDir    string            `json:"workDir"`
	PulumiHome string            `json:"pulumiHome"`
	BackendURL string            `json:"backendUrl"`
	Toolchain  string            `json:"toolchain"`
	Env        map[string]string `json:"env"`
	Config     map[string]string `json:"config"`
}

// report is what the program prints: the engine's change summary, and the stack's outputs (up),
// the CLI's diff output (preview) and the resource types left in state.
type report struct {
	Changes map[string]int `json:"changes"`
	Outputs map[string]any `json:"outputs,omitempty"`
	Stdout  string         `json:"stdout,omitempty"`
	Types   []string       `json:"types"`
}

func program(s step) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		// Invoked before the members are registered, so it counts what the pool held before this step.
		before, err := elb.GetPoolMembers(ctx, &elb.GetPoolMembersArgs{PoolId: s.PoolID})
		if err != nil {
			return err
		}
		ids := pulumi.StringArray{}
		for _, m := range []struct{ name, address string }{{"go-1", "192.168.0.81"}, {"go-2", "192.168.0.82"}} {
			member, err := elb.NewPoolMember(ctx, m.name, &elb.PoolMemberArgs{
				PoolId:       pulumi.String(s.PoolID),
				SubnetId:     pulumi.String(s.SubnetID),
				Address:      pulumi.String(m.address),
				ProtocolPort: pulumi.Int(80),
				Weight:       pulumi.Int(s.Weight),
				Name:         pulumi.String(m.name),
			})
			if err != nil {
				return err
			}
			ids = append(ids, member.ID().ToStringOutput())
		}
		ctx.Export("ids", ids)
		ctx.Export("membersBefore", pulumi.Int(len(before.Members)))
		return nil
	}
}

func run(ctx context.Context, s step) (report, error) {
	// The toolchain's CLI, not whichever pulumi is first on PATH; its version was pinned by setup.
	cli, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: s.Toolchain})
	if err != nil {
		return report{}, err
	}
	stack, err := auto.UpsertStackInlineSource(ctx, "test", project, program(s),
		auto.WorkDir(s.WorkDir),
		auto.PulumiHome(s.PulumiHome),
		auto.EnvVars(s.Env),
		auto.Pulumi(cli),
		auto.Project(workspace.Project{
			Name:    project,
			Runtime: workspace.NewProjectRuntimeInfo("go", nil),
			Backend: &workspace.ProjectBackend{URL: s.BackendURL},
		}),
	)
	if err != nil {
		return report{}, err
	}
	config := auto.ConfigMap{}
	for key, value := range s.Config {
		config[key] = auto.ConfigValue{Value: value}
	}
	if err := stack.SetAllConfig(ctx, config); err != nil {
		return report{}, err
	}

	var r report
	switch s.Op {
	case "up":
		res, err := stack.Up(ctx)
		if err != nil {
			return report{}, err
		}
		r.Changes = changes(res.Summary.ResourceChanges)
		r.Outputs = map[string]any{}
		for key, out := range res.Outputs {
			r.Outputs[key] = out.Value
		}
	case "preview":
		// Diff, so the CLI's output shows each changed property (`~ weight: 1 => 7`).
		res, err := stack.Preview(ctx, optpreview.Diff())
		if err != nil {
			return report{}, err
		}
		r.Changes = map[string]int{}
		for op, n := range res.ChangeSummary {
			r.Changes[string(op)] = n
		}
		r.Stdout = res.StdOut
	case "destroy":
		res, err := stack.Destroy(ctx)
		if err != nil {
			return report{}, err
		}
		r.Changes = changes(res.Summary.ResourceChanges)
	default:
		return report{}, fmt.Errorf("unknown op %q", s.Op)
	}

	r.Types, err = stateTypes(ctx, stack)
	return r, err
}

func changes(c *map[string]int) map[string]int {
	if c == nil {
		return map[string]int{}
	}
	return *c
}

// stateTypes lists the resource types in the stack's state, so the test sees the provider the
// engine used as well as the members.
func stateTypes(ctx context.Context, stack auto.Stack) ([]string, error) {
	deployment, err := stack.Export(ctx)
	if err != nil {
		return nil, err
	}
	var state struct {
		Resources []struct {
			Type string `json:"type"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(deployment.Deployment, &state); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	types := []string{}
	for _, res := range state.Resources {
		if !seen[res.Type] {
			seen[res.Type] = true
			types = append(types, res.Type)
		}
	}
	sort.Strings(types)
	return types, nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: elb-go-sdk-test STEP_JSON")
		os.Exit(2)
	}
	var s step
	if err := json.Unmarshal([]byte(os.Args[1]), &s); err != nil {
		fmt.Fprintln(os.Stderr, "bad step:", err)
		os.Exit(2)
	}
	r, err := run(context.Background(), s)
	if err != nil {
		// The Automation API's errors carry the CLI's stdout and stderr; the test shows them.
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, err := json.Marshal(r)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(string(out))
}

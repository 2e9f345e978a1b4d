package load

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pinkit/pinkit/audit"
)

const testdata = "../../testdata"

// Load dispatches each kind of input to the loader of its platform.
func TestLoadDispatch(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		path     string
		platform string
		id       string
	}{
		{testdata + "/apk/good.apk", audit.PlatformAndroid, "com.example.good"},
		{testdata + "/ipa/pinned.ipa", audit.PlatformIOS, "com.example.pinned"},
		{testdata + "/src/pinnedapp", audit.PlatformAndroid, ""},
		{testdata + "/ipa/swiftapp", audit.PlatformIOS, ""},
	} {
		app, err := Load(tc.path)
		if err != nil {
			t.Errorf("Load(%s): %v", tc.path, err)
			continue
		}
		if app.Platform != tc.platform || tc.id != "" && app.ID != tc.id || app.Path != tc.path {
			t.Errorf("Load(%s) = %s %q %q, want %s %q", tc.path, app.Platform, app.ID, app.Path, tc.platform, tc.id)
		}
	}
}

// An .IPA in upper case is still an IPA: the APK loader would call it
// "not an APK".
func TestLoadIPAExtensionCase(t *testing.T) {
	t.Parallel()
	_, err := Load(t.TempDir() + "/App.IPA")
	if err == nil || !strings.Contains(err.Error(), "failed to open app") {
		t.Fatalf("Load = %v", err)
	}
	if _, err := Load(testdata + "/apk/no-such.apk"); err == nil {
		t.Fatal("Load of a missing file succeeded")
	}
}

// One input's panic is that input's error; the others load and keep
// their order.
func TestAllPanicIsThatInputsError(t *testing.T) {
	t.Parallel()
	fake := func(p string) (*audit.App, error) {
		switch p {
		case "boom":
			panic("index out of range")
		case "bad":
			return nil, errors.New("failed to read bad: not an APK")
		}
		return &audit.App{Path: p}, nil
	}
	apps, errs := All([]string{"a", "boom", "b", "bad", "c"}, Options{Jobs: 3, load: fake})
	var got []string
	for _, a := range apps {
		got = append(got, a.Path)
	}
	if strings.Join(got, ",") != "a,b,c" {
		t.Errorf("apps = %v, want a,b,c", got)
	}
	if len(errs) != 2 || errs[0].Error() != "failed to load boom: internal error: index out of range" ||
		errs[1].Error() != "failed to read bad: not an APK" {
		t.Errorf("errs = %v", errs)
	}
}

// The real loaders run under the same guard as Load.
func TestAllRealInputs(t *testing.T) {
	t.Parallel()
	apps, errs := All([]string{testdata + "/apk/good.apk", testdata + "/no-such.apk", testdata + "/ipa/pinned.ipa"}, Options{Jobs: 2})
	if len(apps) != 2 || apps[0].ID != "com.example.good" || apps[1].ID != "com.example.pinned" {
		t.Errorf("apps = %v", apps)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "no-such.apk") {
		t.Errorf("errs = %v", errs)
	}
}

// No more than Jobs inputs load at once, and Jobs of them do.
func TestAllJobs(t *testing.T) {
	t.Parallel()
	for _, jobs := range []int{0, 1, 3} {
		var cur, peak atomic.Int32
		var gate sync.WaitGroup
		want := int32(max(jobs, 1))
		gate.Add(int(want))
		fake := func(p string) (*audit.App, error) {
			n := cur.Add(1)
			defer cur.Add(-1)
			for {
				old := peak.Load()
				if n <= old || peak.CompareAndSwap(old, n) {
					break
				}
			}
			if p < fmt.Sprint(want) { // the first Jobs inputs wait for each other
				gate.Done()
				gate.Wait()
			}
			time.Sleep(time.Millisecond)
			return &audit.App{Path: p}, nil
		}
		paths := []string{"0", "1", "2", "3", "4", "5", "6", "7"}
		apps, errs := All(paths, Options{Jobs: jobs, load: fake})
		if len(apps) != len(paths) || len(errs) != 0 {
			t.Fatalf("jobs %d: %d apps, errs %v", jobs, len(apps), errs)
		}
		if peak.Load() != want {
			t.Errorf("jobs %d: %d inputs loaded at once, want %d", jobs, peak.Load(), want)
		}
	}
}

// Progress is called once per input, counting up to the total, including
// for inputs that failed or panicked.
func TestAllProgress(t *testing.T) {
	t.Parallel()
	fake := func(p string) (*audit.App, error) {
		if p == "boom" {
			panic(p)
		}
		return &audit.App{Path: p}, nil
	}
	var calls []string
	inCall := false
	progress := func(done, total int) {
		if inCall {
			t.Error("overlapping Progress calls")
		}
		inCall = true
		calls = append(calls, fmt.Sprintf("%d/%d", done, total))
		inCall = false
	}
	All([]string{"a", "boom", "b", "c"}, Options{Jobs: 4, Progress: progress, load: fake})
	if got := strings.Join(calls, " "); got != "1/4 2/4 3/4 4/4" {
		t.Errorf("progress calls = %s", got)
	}
}

// Command trivydb writes a Trivy vulnerability database for ppctl's tests, so that the real Trivy scans offline
// (--skip-db-update) against advisories the tests planted:
//
//	trivydb -fixtures FILE.json -cache-dir DIR [-updated RFC3339]
//
// writes DIR/db/trivy.db (bbolt) and DIR/db/metadata.json (schema Version 2), the layout Trivy reads from
// --cache-dir. FILE.json is a list of buckets shaped like Trivy's own integration fixtures
// (integration/testdata/fixtures/db/*.yaml in aquasecurity/trivy), in JSON:
//
//	[{"bucket": "alpine 3.22", "pairs": [{"bucket": "musl", "pairs": [{"key": "CVE-2099-0001", "value": {"FixedVersion": "1.2.5-r10"}}]}]},
//	 {"bucket": "vulnerability", "pairs": [{"key": "CVE-2099-0001", "value": {"Severity": "CRITICAL", "Title": "..."}}]}]
//
// A pair with "bucket" is a nested bucket, a pair with "key" a JSON value stored under that key. The metadata says the
// database was built and downloaded at -updated (default: now) and is due for an update a day later: a fresh one lets
// Trivy skip the download even without --skip-db-update, a stale one makes it try the download.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

type pair struct {
	Bucket string          `json:"bucket,omitempty"`
	Pairs  []pair          `json:"pairs,omitempty"`
	Key    string          `json:"key,omitempty"`
	Value  json.RawMessage `json:"value,omitempty"`
}

// metadata is trivy-db's pkg/metadata.Metadata: Trivy refuses --skip-db-update unless Version is 2.
type metadata struct {
	Version      int
	NextUpdate   time.Time
	UpdatedAt    time.Time
	DownloadedAt time.Time
}

func main() {
	fixtures := flag.String("fixtures", "", "JSON file with the buckets to write")
	cacheDir := flag.String("cache-dir", "", "Trivy's --cache-dir; the database goes to its db/ folder")
	updated := flag.String("updated", "", "when the database was built and downloaded (RFC 3339; default now)")
	flag.Parse()
	if *fixtures == "" || *cacheDir == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: trivydb -fixtures FILE.json -cache-dir DIR [-updated RFC3339]")
		os.Exit(2)
	}
	at := time.Now().UTC().Truncate(time.Second)
	if *updated != "" {
		var err error
		if at, err = time.Parse(time.RFC3339, *updated); err != nil {
			fmt.Fprintln(os.Stderr, "trivydb: -updated:", err)
			os.Exit(2)
		}
	}
	if err := run(*fixtures, *cacheDir, at); err != nil {
		fmt.Fprintln(os.Stderr, "trivydb:", err)
		os.Exit(1)
	}
}

func run(fixtures, cacheDir string, at time.Time) error {
	text, err := os.ReadFile(fixtures)
	if err != nil {
		return err
	}
	var roots []pair
	if err := json.Unmarshal(text, &roots); err != nil {
		return fmt.Errorf("%s: %w", fixtures, err)
	}
	dir := filepath.Join(cacheDir, "db")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	path := filepath.Join(dir, "trivy.db")
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		return err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, root := range roots {
			if root.Bucket == "" {
				return fmt.Errorf("a top-level entry needs \"bucket\" (key %q)", root.Key)
			}
			b, err := tx.CreateBucketIfNotExists([]byte(root.Bucket))
			if err != nil {
				return err
			}
			if err := fill(b, root.Pairs, root.Bucket); err != nil {
				return err
			}
		}
		return nil
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	meta, err := json.Marshal(metadata{Version: 2, NextUpdate: at.Add(24 * time.Hour), UpdatedAt: at, DownloadedAt: at})
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "metadata.json"), meta, 0o644)
}

func fill(b *bolt.Bucket, pairs []pair, where string) error {
	for _, p := range pairs {
		switch {
		case p.Bucket != "" && p.Key == "":
			nested, err := b.CreateBucketIfNotExists([]byte(p.Bucket))
			if err != nil {
				return err
			}
			if err := fill(nested, p.Pairs, where+" > "+p.Bucket); err != nil {
				return err
			}
		case p.Key != "" && p.Bucket == "" && len(p.Value) > 0:
			if err := b.Put([]byte(p.Key), p.Value); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%s: each pair needs either \"bucket\" or \"key\" with \"value\"", where)
		}
	}
	return nil
}

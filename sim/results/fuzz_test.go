package results

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzRegionReplications: any bytes as regions-replications.csv are read
// or refused with an error naming the file, never a panic; what is read
// has a value per replication row for every figure column.
func FuzzRegionReplications(f *testing.F) {
	f.Add([]byte("replication,region,backlog_end,clear_date\n0,A,5,\n1,A,7,2017-01-02\n0,\"B, C\",1.5,\n"))
	f.Add([]byte("replication,region\n"))
	f.Add([]byte("region,replication\n0,A\n"))
	f.Add([]byte("replication,region,x\n0,A,abc\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file := filepath.Join(t.TempDir(), RegionReplicationsFile)
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		var r Run
		if err := r.readRegionReplications(file); err != nil {
			return
		}
		for region, m := range r.RegionReplications {
			n := -1
			for key, vs := range m {
				if n >= 0 && len(vs) != n {
					t.Fatalf("%s: %s has %d values, another figure %d", region, key, len(vs), n)
				}
				n = len(vs)
			}
		}
	})
}

package des_test

import (
	"fmt"

	"github.com/ektpsim/ektpsim/sim/des"
)

// A clerk who opens a counter at 08:00 and closes it at 16:00, with a
// lunch break that is called off.
func Example() {
	var env des.Env
	say := func(what string) des.Action {
		return des.ActionFunc(func(now des.Time) { fmt.Printf("%05.2f %s\n", now, what) })
	}
	env.Schedule(16, 0, say("close"))
	env.Schedule(8, 0, say("open"))
	lunch := env.Schedule(12, 0, say("lunch"))
	env.Schedule(8, -1, say("unlock the door")) // same time, lower priority: first
	env.Cancel(lunch)
	env.Run(24)
	fmt.Println("events fired:", env.Fired())
	// Output:
	// 08.00 unlock the door
	// 08.00 open
	// 16.00 close
	// events fired: 3
}

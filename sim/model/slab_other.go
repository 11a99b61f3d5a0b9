//go:build !linux

package model

// hugePages does nothing outside Linux.
func hugePages([]int64) {}

package model

import (
	"syscall"
	"unsafe"
)

// hugePages asks Linux to back mem with transparent huge pages where its
// setting is "madvise" (the default of most distributions; with "always"
// it is so already). It is only advice, given before the memory is first
// touched: an error, or a kernel without them, changes nothing but speed.
func hugePages(mem []int64) {
	const page = 4096
	if len(mem) == 0 {
		return
	}
	all := unsafe.Slice((*byte)(unsafe.Pointer(&mem[0])), len(mem)*8)
	// madvise takes whole pages: the part of mem from its first page
	// boundary to its last.
	lo := int((page - uintptr(unsafe.Pointer(&mem[0]))%page) % page)
	if len(all)-lo < page {
		return
	}
	b := all[lo : lo+(len(all)-lo)/page*page]
	_ = syscall.Madvise(b, syscall.MADV_HUGEPAGE)
}

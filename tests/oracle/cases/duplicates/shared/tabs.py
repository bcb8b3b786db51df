def	\
   tabbed(values):
	seen = set()
	out = []
	for v in values:
		if v not in seen:
			seen.add(v)
			out.append(v)
	return out


async \
        def \
  awaited(x):
	a = await x
	b = a
	c = b
	d = c
	return d


class		Spaced:
	def __init__(self):
		self.a = 1
		self.b = 2
		self.c = 3
		self.d = 4
		self.e = 5

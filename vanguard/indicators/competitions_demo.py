def build(size, stdout=None, today=None):
    pass

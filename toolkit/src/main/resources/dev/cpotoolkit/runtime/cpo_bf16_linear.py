class CpoBf16Linear(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.CpoBf16Linear,
    x: Tensor,
    w: Tensor) -> Tensor:
    y = torch.linear(torch.to(x, 15), torch.to(w, 15))
    return torch.to(y, 6)

class CpoBf16Attention(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.CpoBf16Attention,
    q: Tensor,
    k: Tensor,
    v: Tensor,
    allowed: Tensor,
    scale: Tensor) -> Tensor:
    bias = torch.zeros(allowed.size(), dtype=15, device=q.device)
    bias = torch.masked_fill(bias, torch.logical_not(allowed), -3.3895313892515355e+38)
    out = torch.scaled_dot_product_attention(torch.to(q, 15), torch.to(k, 15), torch.to(v, 15), torch.unsqueeze(bias, 1), 0.0, False, scale=float(scale.item()))
    return torch.to(out, 6)

class CpoAttention(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.CpoAttention,
    q: Tensor,
    k: Tensor,
    v: Tensor,
    allowed: Tensor,
    scale: Tensor) -> Tensor:
    bias = torch.zeros(allowed.size(), dtype=q.dtype, device=q.device)
    bias = torch.masked_fill(bias, torch.logical_not(allowed), -3.4028234663852886e+38)
    return torch.scaled_dot_product_attention(q, k, v, torch.unsqueeze(bias, 1), 0.0, False, scale=float(scale.item()))

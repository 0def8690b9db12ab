<?php

declare(strict_types=1);

namespace Agora\Token;

/**
 * The official PHP EducationTokenBuilder: the same three builders as
 * {@see ApaasTokenBuilder}, which the reference also ships under both names.
 */
final class EducationTokenBuilder extends ApaasTokenBuilder
{
}
